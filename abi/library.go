package abi

import (
	"fmt"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/zmqffi/zmqffi/constants"
)

// Library is what every backend knows of its loaded library, and the
// abi.Backend and abi.MsgAPI methods that are the same in every ABI
// generation. Backends embed it and fill it with [Library.Init].
type Library struct {
	table   *constants.Table
	version constants.Version
	path    string
	fn      LibraryFuncs

	mu sync.Mutex // guards c, for Strerror
	c  Caller
}

// LibraryFuncs are the addresses of the functions every libzmq version
// exports with one prototype, and the unit of zmq_poll's timeout.
type LibraryFuncs struct {
	Errno, Strerror            uintptr // zmq_errno, zmq_strerror
	MsgData, MsgSize, MsgClose uintptr // zmq_msg_data, zmq_msg_size, zmq_msg_close
	Poll                       uintptr // zmq_poll
	// PollUnit is the unit of zmq_poll's timeout: µs on 2.x, ms later.
	PollUnit time.Duration
}

// Init fills l for the library at path, of version v, whose functions are
// fn; backend names the backend in errors. It fails when no constants table
// serves v's major version.
func (l *Library) Init(backend, path string, v constants.Version, fn LibraryFuncs) error {
	t, ok := constants.ForVersion(v)
	if !ok {
		return fmt.Errorf("%s: no constants table for libzmq %s", backend, v)
	}
	if fn.PollUnit <= 0 {
		return fmt.Errorf("%s: libzmq %s: zmq_poll's timeout unit is not set", backend, v)
	}
	l.table, l.version, l.path, l.fn = t, v, path, fn
	l.c.Init(fn.Errno)
	return nil
}

// Table holds the constants and option types of the loaded version (or of
// the nearest older release that has a table).
func (l *Library) Table() *constants.Table { return l.table }

// Version implements abi.Backend.
func (l *Library) Version() constants.Version { return l.version }

// Path implements abi.Backend.
func (l *Library) Path() string { return l.path }

// ErrnoFn is the address of the library's zmq_errno, for the Callers of
// calls that need one of their own (those that block).
func (l *Library) ErrnoFn() uintptr { return l.fn.Errno }

// Strerror implements abi.Backend with zmq_strerror.
func (l *Library) Strerror(errno syscall.Errno) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return GoString(l.c.Raw(l.fn.Strerror, uintptr(errno), 0, 0, 0, 0), 1024)
}

// MsgData implements abi.MsgAPI (zmq_msg_data, zmq_msg_size).
func (l *Library) MsgData(c *Caller, m *Msg) (uintptr, int) {
	n := int(c.Raw(l.fn.MsgSize, uintptr(m.Ptr()), 0, 0, 0, 0))
	return c.Raw(l.fn.MsgData, uintptr(m.Ptr()), 0, 0, 0, 0), n
}

// MsgClose implements abi.MsgAPI (zmq_msg_close).
func (l *Library) MsgClose(c *Caller, m *Msg) {
	c.Raw(l.fn.MsgClose, uintptr(m.Ptr()), 0, 0, 0, 0)
}

// Poll implements abi.Backend; it allocates a Caller, since zmq_poll blocks
// and cannot share one.
func (l *Library) Poll(items []PollItem, timeout time.Duration) (int, syscall.Errno) {
	return l.PollWith(NewCaller(l.fn.Errno), items, timeout)
}

// PollWith implements abi.Backend: zmq_poll through the caller's own c (set
// up here for this library), with the timeout rounded up to the library's
// unit so that a short timeout never becomes a busy poll. c must not be in
// use by another goroutine.
func (l *Library) PollWith(c *Caller, items []PollItem, timeout time.Duration) (int, syscall.Errno) {
	t := int64(-1)
	if timeout >= 0 {
		t = int64((timeout + l.fn.PollUnit - 1) / l.fn.PollUnit)
	}
	c.Init(l.fn.Errno)
	return c.Int(l.fn.Poll, uintptr(unsafe.Pointer(unsafe.SliceData(items))), uintptr(len(items)), uintptr(t), 0, 0)
}
