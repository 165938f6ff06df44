package zmqffi

import (
	"errors"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/loader"
)

// Error is a failed libzmq call.
//
// errors.Is(err, syscall.EAGAIN) and the like work through Unwrap, and so do
// the libzmq-specific numbers below (errors.Is(err, zmqffi.ETERM)).
type Error struct {
	Op    string        // the libzmq call, e.g. "zmq_bind"
	Errno syscall.Errno // zmq_errno() of the thread that made the call
}

// Error returns the call and zmq_strerror's text for the errno.
func (e *Error) Error() string { return e.Op + ": " + strerror(e.Errno) }

// Unwrap returns the errno.
func (e *Error) Unwrap() error { return e.Errno }

// libzmq's own error numbers (ZMQ_HAUSNUMERO + n). They are the same in every
// libzmq version. The POSIX ones (EAGAIN, EINVAL, ...) are syscall's.
const (
	// EFSM: the operation is not allowed in the socket's current state
	// (e.g. two sends in a row on a REQ socket).
	EFSM syscall.Errno = 156384712 + 51
	// ENOCOMPATPROTO: the transport does not fit the socket type.
	ENOCOMPATPROTO syscall.Errno = 156384712 + 52
	// ETERM: the context was terminated.
	ETERM syscall.Errno = 156384712 + 53
	// EMTHREAD: no I/O thread is available.
	EMTHREAD syscall.Errno = 156384712 + 54
)

// zmqErrorText is zmq_strerror's text for libzmq's own numbers, which the
// operating system does not know; the others read like strerror already.
var zmqErrorText = map[syscall.Errno]string{
	EFSM:           "Operation cannot be accomplished in current state",
	ENOCOMPATPROTO: "The protocol is not compatible with the socket type",
	ETERM:          "Context was terminated",
	EMTHREAD:       "No thread available",
}

func strerror(e syscall.Errno) string {
	if s, ok := zmqErrorText[e]; ok {
		return s
	}
	return e.Error()
}

// ErrClosed is returned by every call on a socket that was closed, or on a
// context (or its sockets) that was terminated, through this binding. Such
// calls never reach libzmq.
var ErrClosed = errors.New("zmqffi: socket or context is closed")

// ErrNotSupported is matched (errors.Is) by the error of any call the loaded
// libzmq version cannot serve; the error's text names the feature and the
// version.
var ErrNotSupported error = abi.ErrNotSupported

// ErrUnknownOption is matched (errors.Is) by the error of Socket.SetOption,
// Socket.Option, Context.SetOption and Context.Option for a name that is no
// option of any libzmq release (the error matches syscall.EINVAL too).
var ErrUnknownOption = errors.New("zmqffi: unknown option")

// ErrOptionType is matched (errors.Is) by the error of Socket.SetOption for a
// value whose Go type the option cannot take (the error matches
// syscall.EINVAL too).
var ErrOptionType = errors.New("zmqffi: wrong type of option value")

// NotSupportedError is the error of a call the loaded libzmq version cannot
// serve: errors.As gives the feature and the version, and
// errors.Is(err, ErrNotSupported) holds.
type NotSupportedError = abi.NotSupportedError

// LibraryNotFoundError is the error of [NewContext] when no file answers the
// requested soname: it lists every place searched.
type LibraryNotFoundError = loader.NotFoundError

// ErrNotLibzmq is matched (errors.Is) by the error of [NewContext] for a file
// that loads but is not a libzmq (it exports no zmq_version).
var ErrNotLibzmq = loader.ErrNotLibzmq

// Preallocated errors for the hot paths, so that a non-blocking call that
// would block does not allocate.
var (
	errSendAgain = &Error{Op: "zmq_send", Errno: syscall.EAGAIN}
	errRecvAgain = &Error{Op: "zmq_recv", Errno: syscall.EAGAIN}
)

// wrap turns a backend result into the error users see: errno values become
// *Error naming op; other errors (not supported, invalid values) pass as is.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(syscall.Errno); ok {
		return errnoErr(op, e)
	}
	return err
}

func errnoErr(op string, e syscall.Errno) error {
	switch {
	case e == 0:
		return nil
	case e == syscall.EAGAIN && op == "zmq_send":
		return errSendAgain
	case e == syscall.EAGAIN && op == "zmq_recv":
		return errRecvAgain
	}
	return &Error{Op: op, Errno: e}
}
