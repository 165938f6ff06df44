package backend_v3

import (
	"fmt"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// Backend is one loaded libzmq of the 3.x ABI, or of a later generation
// that keeps its calls (backend_v4 embeds it).
type Backend struct {
	abi.Library
	sym symbols
	ext Extension
}

// Extension is what a later ABI generation that keeps the 3.x calls changes
// in them; backend_v4 passes one to [NewExtended].
type Extension struct {
	// Term is the address of the function Context.Term calls instead of
	// zmq_ctx_destroy (zmq_ctx_term on 4.x); 0 keeps zmq_ctx_destroy.
	Term uintptr
	// TwoFrameMonitor says monitor events come as the two frames of 4.x,
	// not as 3.2's one zmq_event_t frame.
	TwoFrameMonitor bool
}

var _ abi.Backend = (*Backend)(nil)

// New binds the 3.x library that src looks symbols up in. path and v are
// what the loader found and what zmq_version reported.
func New(src abi.SymbolSource, path string, v constants.Version) (*Backend, error) {
	return NewExtended(src, path, v, Extension{})
}

// NewExtended is [New] for a later ABI generation, with what it changes.
func NewExtended(src abi.SymbolSource, path string, v constants.Version, ext Extension) (*Backend, error) {
	b := &Backend{ext: ext}
	if err := abi.Bind(src, &b.sym); err != nil {
		return nil, fmt.Errorf("backend_v3: %s (libzmq %s): %w", path, v, err)
	}
	err := b.Init("backend_v3", path, v, abi.LibraryFuncs{
		Errno: b.sym.Errno, Strerror: b.sym.Strerror,
		MsgData: b.sym.MsgData, MsgSize: b.sym.MsgSize, MsgClose: b.sym.MsgClose,
		Poll: b.sym.Poll, PollUnit: time.Millisecond,
	})
	if err != nil {
		return nil, err
	}
	if b.ext.Term == 0 {
		b.ext.Term = b.sym.CtxDestroy
	}
	return b, nil
}

// NewContext implements abi.Backend: zmq_ctx_new, then ZMQ_IO_THREADS when
// ioThreads is not the default (0 means the default). The context is a
// *Context.
func (b *Backend) NewContext(ioThreads int) (abi.Context, error) {
	c := &Context{b: b}
	if e := c.Open(b.sym.Errno, b.sym.CtxNew, 0); e != 0 {
		return nil, e
	}
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
	abi.ContextHandle
	b *Backend
}

var (
	_ abi.ContextOptioner    = (*Context)(nil)
	_ abi.ContextRawOptioner = (*Context)(nil)
)

// NewSocket implements abi.Context; the socket is a *Socket.
func (c *Context) NewSocket(typ int) (abi.Socket, error) {
	h, e := c.Socket(c.b.sym.Socket, typ)
	if e != 0 {
		return nil, e
	}
	return newSocket(c.b, h), nil
}

// Term implements abi.Context (zmq_ctx_destroy, or the Extension's Term).
func (c *Context) Term() syscall.Errno { return c.ContextHandle.Term(c.b.ext.Term) }

// SetContextOption implements abi.ContextOptioner (zmq_ctx_set).
func (c *Context) SetContextOption(name string, value int) error {
	num, ok := c.b.Table().Constant("ZMQ_" + name)
	if !ok {
		return abi.NotSupported(c.b.Version(), "context option ZMQ_"+name)
	}
	return c.SetContextRaw(int(num), value)
}

// SetContextRaw implements abi.ContextRawOptioner (zmq_ctx_set by number).
func (c *Context) SetContextRaw(number, value int) error {
	_, e := c.Call(c.b.sym.CtxSet, uintptr(number), uintptr(value))
	return abi.Errno(e)
}

// ContextOption implements abi.ContextOptioner (zmq_ctx_get).
func (c *Context) ContextOption(name string) (int, error) {
	num, ok := c.b.Table().Constant("ZMQ_" + name)
	if !ok {
		return 0, abi.NotSupported(c.b.Version(), "context option ZMQ_"+name)
	}
	return c.ContextRaw(int(num))
}

// ContextRaw implements abi.ContextRawOptioner (zmq_ctx_get by number).
func (c *Context) ContextRaw(number int) (int, error) {
	r, e := c.Call(c.b.sym.CtxGet, uintptr(number), 0)
	return r, abi.Errno(e)
}
