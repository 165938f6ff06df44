package backend_v2

import (
	"fmt"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// Option numbers the send and receive path reads directly, with their 2.x
// widths.
const (
	optRcvMore = 13 // ZMQ_RCVMORE: int64 in 2.x
	optFD      = 14 // ZMQ_FD: int
	optEvents  = 15 // ZMQ_EVENTS: uint32 in 2.x
)

// aliases maps the neutral names of package abi onto 2.x's: one ZMQ_HWM
// serves both directions.
var aliases = map[string]string{"SNDHWM": "HWM", "RCVHWM": "HWM"}

// backend is one loaded libzmq 2.x.
type backend struct {
	abi.Library
	sym symbols
}

var _ abi.Backend = (*backend)(nil)

// New binds the 2.x library that src looks symbols up in.
func New(src abi.SymbolSource, path string, v constants.Version) (abi.Backend, error) {
	if v.Major != 2 {
		return nil, fmt.Errorf("backend_v2: %s is libzmq %s, not 2.x", path, v)
	}
	b := &backend{}
	if err := abi.Bind(src, &b.sym); err != nil {
		return nil, fmt.Errorf("backend_v2: %s (libzmq %s): %w", path, v, err)
	}
	err := b.Init("backend_v2", path, v, abi.LibraryFuncs{
		Errno: b.sym.Errno, Strerror: b.sym.Strerror,
		MsgData: b.sym.MsgData, MsgSize: b.sym.MsgSize, MsgClose: b.sym.MsgClose,
		Poll: b.sym.Poll, PollUnit: time.Microsecond, // 2.x's zmq_poll counts in microseconds
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// NewContext implements abi.Backend with zmq_init(ioThreads) (1 when 0).
func (b *backend) NewContext(ioThreads int) (abi.Context, error) {
	if ioThreads <= 0 {
		ioThreads = 1
	}
	c := &context{b: b}
	if e := c.Open(b.sym.Errno, b.sym.Init, uintptr(ioThreads)); e != 0 {
		return nil, e
	}
	return c, nil
}

// context is a 2.x context. It has no options (zmq_ctx_set came with 3.x).
type context struct {
	abi.ContextHandle
	b *backend
}

// NewSocket implements abi.Context.
func (c *context) NewSocket(typ int) (abi.Socket, error) {
	h, e := c.Socket(c.b.sym.Socket, typ)
	if e != 0 {
		return nil, e
	}
	s := &socket{b: c.b, h: h}
	s.c.Init(c.b.sym.Errno)
	s.Options = abi.Options{Table: c.b.Table(), Version: c.b.Version(), Aliases: aliases, Raw: s}
	return s, nil
}

// Term implements abi.Context (zmq_term).
func (c *context) Term() syscall.Errno { return c.ContextHandle.Term(c.b.sym.Term) }
