package abi

import (
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/constants"
)

// Send and receive flags. They have the same values in every libzmq version
// (2.x calls DontWait ZMQ_NOBLOCK).
const (
	DontWait = 1 // ZMQ_DONTWAIT / ZMQ_NOBLOCK
	SndMore  = 2 // ZMQ_SNDMORE
)

// Poll event bits, the same in every version.
const (
	PollIn  = 1 // ZMQ_POLLIN
	PollOut = 2 // ZMQ_POLLOUT
	PollErr = 4 // ZMQ_POLLERR
)

// Backend is one loaded libzmq, bound for its ABI generation. One Backend
// exists per loaded library file; every context on that file shares it.
type Backend interface {
	// Version is what the library's zmq_version reported.
	Version() constants.Version
	// Path is the absolute path of the mapped file.
	Path() string
	// NewContext creates a libzmq context (zmq_ctx_new or zmq_init).
	NewContext(ioThreads int) (Context, error)
	// Poll waits for events on items (zmq_poll) for at most timeout; a
	// negative timeout waits forever. Every socket in items must come from
	// this library. It returns the number of items with events.
	Poll(items []PollItem, timeout time.Duration) (int, syscall.Errno)
	// PollWith is Poll through the caller's own Caller, so that a poller
	// that keeps one polls without allocating.
	PollWith(c *Caller, items []PollItem, timeout time.Duration) (int, syscall.Errno)
	// Strerror is the library's own text for errno (zmq_strerror).
	Strerror(errno syscall.Errno) string
}

// Context is one libzmq context.
type Context interface {
	// NewSocket creates a socket of the given libzmq type number (zmq_socket).
	NewSocket(typ int) (Socket, error)
	// Term terminates the context (zmq_ctx_term, zmq_ctx_destroy or
	// zmq_term). It blocks while sockets linger; EINTR is returned to the
	// caller, which retries.
	Term() syscall.Errno
}

// ContextShutdowner is a Context that can unblock its blocked calls from
// another thread without terminating (zmq_ctx_shutdown, libzmq 4.0+).
type ContextShutdowner interface {
	Shutdown() syscall.Errno
}

// ContextOptioner is a Context with zmq_ctx_set/zmq_ctx_get (libzmq 3.x+).
// Names are the C names without the ZMQ_ prefix ("IO_THREADS").
type ContextOptioner interface {
	SetContextOption(name string, value int) error
	ContextOption(name string) (int, error)
}

// ContextRawOptioner is a Context with zmq_ctx_set/zmq_ctx_get by option
// number, unchecked (libzmq 3.x+).
type ContextRawOptioner interface {
	SetContextRaw(number, value int) error
	ContextRaw(number int) (int, error)
}

// Socket is one libzmq socket. Its methods make the libzmq calls and nothing
// else: the caller serialises them, tracks closing and retries EINTR.
// Methods on the send and receive path return a bare errno (0 for success)
// so that they never allocate.
type Socket interface {
	// Handle is the socket's void* (for zmq_pollitem_t.socket).
	Handle() uintptr
	// Close closes the socket (zmq_close). The Socket must not be used after.
	Close() syscall.Errno

	Bind(endpoint string) error
	Connect(endpoint string) error
	Unbind(endpoint string) error
	Disconnect(endpoint string) error

	// Send queues one frame, copying b.
	Send(b []byte, flags int) syscall.Errno
	// RecvInto receives one frame into b and returns the frame's full size,
	// which is larger than len(b) when the frame was truncated.
	RecvInto(b []byte, flags int) (int, syscall.Errno)
	// Recv receives one frame of any size into a new slice (never nil), and
	// reports whether more frames of the same message follow.
	Recv(flags int) ([]byte, bool, syscall.Errno)
	// RcvMore reports whether the last frame received had more following
	// (ZMQ_RCVMORE).
	RcvMore() (bool, syscall.Errno)
	// Events returns ZMQ_EVENTS: PollIn|PollOut bits.
	Events() (int, syscall.Errno)
	// FD returns ZMQ_FD, the edge-triggered readiness descriptor.
	FD() (int, error)

	// SetInt, GetInt, SetBytes and GetBytes set and get socket options by
	// neutral name: the C name without ZMQ_ as libzmq 4.x spells it
	// ("LINGER", "SNDHWM", "ROUTING_ID"). The backend maps the name to its
	// version's number and value type, and returns a *NotSupportedError when
	// the version has no such option.
	SetInt(name string, v int64) error
	GetInt(name string) (int64, error)
	SetBytes(name string, v []byte) error
	GetBytes(name string) ([]byte, error)

	// SetRaw and GetRaw pass an option by number with the caller's value
	// bytes, unchecked. GetRaw returns the length libzmq reported.
	SetRaw(number int, value []byte) error
	GetRaw(number int, buf []byte) (int, error)
}

// ErrNotSupported is matched (errors.Is) by every error saying that the loaded
// libzmq version cannot do something.
var ErrNotSupported = errors.New("not supported by the loaded libzmq")

// NotSupportedError says which feature the loaded libzmq version lacks.
type NotSupportedError struct {
	Feature string
	Version constants.Version
}

// Error names the feature and the version that lacks it.
func (e *NotSupportedError) Error() string {
	return fmt.Sprintf("zmqffi: %s is not supported by libzmq %s", e.Feature, e.Version)
}

// Is makes errors.Is(err, ErrNotSupported) true.
func (e *NotSupportedError) Is(target error) bool { return target == ErrNotSupported }

// NotSupported returns a *NotSupportedError.
func NotSupported(v constants.Version, feature string) error {
	return &NotSupportedError{Feature: feature, Version: v}
}

// Errno turns a libzmq errno into an error: nil for 0.
func Errno(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}
