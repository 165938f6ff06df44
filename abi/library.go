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
// generation. Backends embed it.
type Library struct {
	// Table holds the constants and option types of the loaded version (or
	// of the nearest older release that has a table).
	Table *constants.Table
	// Ver is what zmq_version reported; LibPath the mapped file.
	Ver     constants.Version
	LibPath string

	// Addresses of functions every version exports with one prototype.
	errnoFn, strerrorFn, msgDataFn, msgSizeFn, msgCloseFn uintptr

	pollFn   uintptr       // zmq_poll
	pollUnit time.Duration // of its timeout: µs on 2.x, ms later

	mu sync.Mutex // guards c, for Strerror
	c  Caller
}

// InitLibrary fills l for the library at path, of version v; pkg names the
// backend in errors. zmqErrno, zmqStrerror, zmqMsgData, zmqMsgSize and
// zmqMsgClose are the bound addresses of those functions.
func (l *Library) InitLibrary(pkg, path string, v constants.Version, zmqErrno, zmqStrerror, zmqMsgData, zmqMsgSize, zmqMsgClose uintptr) error {
	t, ok := constants.ForVersion(v)
	if !ok {
		return fmt.Errorf("%s: no constants table for libzmq %s", pkg, v)
	}
	l.Table, l.Ver, l.LibPath = t, v, path
	l.errnoFn, l.strerrorFn = zmqErrno, zmqStrerror
	l.msgDataFn, l.msgSizeFn, l.msgCloseFn = zmqMsgData, zmqMsgSize, zmqMsgClose
	l.c.Init(zmqErrno)
	return nil
}

// Version implements abi.Backend.
func (l *Library) Version() constants.Version { return l.Ver }

// Path implements abi.Backend.
func (l *Library) Path() string { return l.LibPath }

// ErrnoFn is the address of the library's zmq_errno.
func (l *Library) ErrnoFn() uintptr { return l.errnoFn }

// Strerror implements abi.Backend with zmq_strerror.
func (l *Library) Strerror(errno syscall.Errno) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return GoString(l.c.Raw(l.strerrorFn, uintptr(errno), 0, 0, 0, 0), 1024)
}

// MsgData implements abi.MsgAPI (zmq_msg_data, zmq_msg_size).
func (l *Library) MsgData(c *Caller, m *Msg) (uintptr, int) {
	n := int(c.Raw(l.msgSizeFn, uintptr(m.Ptr()), 0, 0, 0, 0))
	return c.Raw(l.msgDataFn, uintptr(m.Ptr()), 0, 0, 0, 0), n
}

// MsgClose implements abi.MsgAPI (zmq_msg_close).
func (l *Library) MsgClose(c *Caller, m *Msg) {
	c.Raw(l.msgCloseFn, uintptr(m.Ptr()), 0, 0, 0, 0)
}

// InitPoll sets the library's zmq_poll and the unit of its timeout.
func (l *Library) InitPoll(zmqPoll uintptr, unit time.Duration) {
	l.pollFn, l.pollUnit = zmqPoll, unit
}

// Poll implements abi.Backend; it allocates a Caller, since zmq_poll blocks
// and cannot share one.
func (l *Library) Poll(items []PollItem, timeout time.Duration) (int, syscall.Errno) {
	return l.PollWith(NewCaller(l.errnoFn), items, timeout)
}

// PollWith implements abi.Backend: zmq_poll through the caller's own c (set
// up here for this library), with the timeout rounded up to the library's
// unit so that a short timeout never becomes a busy poll. c must not be in
// use by another goroutine.
func (l *Library) PollWith(c *Caller, items []PollItem, timeout time.Duration) (int, syscall.Errno) {
	t := int64(-1)
	if timeout >= 0 {
		t = int64((timeout + l.pollUnit - 1) / l.pollUnit)
	}
	c.Init(l.errnoFn)
	return c.Int(l.pollFn, uintptr(unsafe.Pointer(unsafe.SliceData(items))), uintptr(len(items)), uintptr(t), 0, 0)
}
