package backend_v3

import (
	"fmt"
	"sync"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// Backend is one loaded libzmq of the 3.x ABI (or, through backend_v4, a
// later one).
type Backend struct {
	abi.Library
	// Sym is the library's symbol table.
	Sym Symbols
	// TermSym is what Context.Term calls: zmq_ctx_destroy on 3.x; backend_v4
	// sets zmq_ctx_term.
	TermSym uintptr
	// TwoFrameMonitor says monitor events come as the two frames of 4.x,
	// not as 3.2's one zmq_event_t frame; backend_v4 sets it.
	TwoFrameMonitor bool
}

var _ abi.Backend = (*Backend)(nil)

// New binds the library that src looks symbols up in. path and v are what the
// loader found and what zmq_version reported.
func New(src abi.SymbolSource, path string, v constants.Version) (*Backend, error) {
	b := &Backend{}
	if err := abi.Bind(src, &b.Sym); err != nil {
		return nil, fmt.Errorf("backend_v3: %s (libzmq %s): %w", path, v, err)
	}
	if err := b.InitLibrary("backend_v3", path, v, b.Sym.Errno, b.Sym.Strerror, b.Sym.MsgData, b.Sym.MsgSize, b.Sym.MsgClose); err != nil {
		return nil, err
	}
	b.InitPoll(b.Sym.Poll, time.Millisecond)
	b.TermSym = b.Sym.CtxDestroy
	return b, nil
}

// NewContext implements abi.Backend: zmq_ctx_new, then ZMQ_IO_THREADS when
// ioThreads is not the default (0 means the default).
func (b *Backend) NewContext(ioThreads int) (abi.Context, error) {
	return b.NewContextV3(ioThreads)
}

// NewContextV3 is NewContext returning the concrete type, for backend_v4.
func (b *Backend) NewContextV3(ioThreads int) (*Context, error) {
	c := &Context{B: b}
	c.c.Init(b.Sym.Errno)
	c.tc.Init(b.Sym.Errno)
	h, e := c.c.Ptr(b.Sym.CtxNew, 0, 0, 0, 0, 0)
	if e != 0 {
		return nil, e
	}
	c.H = h
	if ioThreads > 0 {
		if err := c.SetContextOption("IO_THREADS", ioThreads); err != nil {
			c.Term()
			return nil, err
		}
	}
	return c, nil
}

// Context is a 3.x context.
type Context struct {
	B *Backend
	H uintptr

	mu sync.Mutex // guards c
	c  abi.Caller
	tc abi.Caller // for Term, which blocks
}

var _ abi.ContextOptioner = (*Context)(nil)

// NewSocket implements abi.Context.
func (c *Context) NewSocket(typ int) (abi.Socket, error) { return c.NewSocketV3(typ) }

// NewSocketV3 is NewSocket returning the concrete type, for backend_v4.
func (c *Context) NewSocketV3(typ int) (*Socket, error) {
	if typ < 0 || typ > 1<<16 {
		return nil, syscall.EINVAL
	}
	c.mu.Lock()
	h, e := c.c.Ptr(c.B.Sym.Socket, c.H, uintptr(typ), 0, 0, 0)
	c.mu.Unlock()
	if e != 0 {
		return nil, e
	}
	return NewSocket(c.B, h), nil
}

// Term implements abi.Context with B.TermSym.
func (c *Context) Term() syscall.Errno {
	_, e := c.tc.Int(c.B.TermSym, c.H, 0, 0, 0, 0)
	return e
}

// SetContextOption implements abi.ContextOptioner (zmq_ctx_set).
func (c *Context) SetContextOption(name string, value int) error {
	num, ok := c.B.Table.Constant("ZMQ_" + name)
	if !ok {
		return abi.NotSupported(c.B.Ver, "context option ZMQ_"+name)
	}
	c.mu.Lock()
	_, e := c.c.Int(c.B.Sym.CtxSet, c.H, uintptr(num), uintptr(value), 0, 0)
	c.mu.Unlock()
	return abi.Errno(e)
}

// ContextOption implements abi.ContextOptioner (zmq_ctx_get).
func (c *Context) ContextOption(name string) (int, error) {
	num, ok := c.B.Table.Constant("ZMQ_" + name)
	if !ok {
		return 0, abi.NotSupported(c.B.Ver, "context option ZMQ_"+name)
	}
	c.mu.Lock()
	r, e := c.c.Int(c.B.Sym.CtxGet, c.H, uintptr(num), 0, 0, 0)
	c.mu.Unlock()
	return r, abi.Errno(e)
}
