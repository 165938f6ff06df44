package backend_v4

import (
	"fmt"
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/backend_v3"
	"github.com/zmqffi/zmqffi/constants"
)

// Backend is one loaded libzmq 4.x.
type Backend struct {
	*backend_v3.Backend
	// Sym4 holds the symbols 4.x added.
	Sym4 Symbols
	// SymX holds symbols only some 4.x builds export: message metadata
	// (4.1+) and the draft API (--enable-drafts builds).
	SymX ExtraSymbols
}

var _ abi.Backend = (*Backend)(nil)

// New binds the 4.x library that src looks symbols up in.
func New(src abi.SymbolSource, path string, v constants.Version) (*Backend, error) {
	if v.Major != 4 {
		return nil, fmt.Errorf("backend_v4: %s is libzmq %s, not 4.x", path, v)
	}
	b3, err := backend_v3.New(src, path, v)
	if err != nil {
		return nil, err
	}
	b := &Backend{Backend: b3}
	if err := abi.Bind(src, &b.Sym4); err != nil {
		return nil, fmt.Errorf("backend_v4: %s (libzmq %s): %w", path, v, err)
	}
	if err := abi.Bind(src, &b.SymX); err != nil {
		return nil, fmt.Errorf("backend_v4: %s (libzmq %s): %w", path, v, err)
	}
	b3.TermSym = b.Sym4.CtxTerm
	b3.TwoFrameMonitor = true
	return b, nil
}

// NewContext implements abi.Backend.
func (b *Backend) NewContext(ioThreads int) (abi.Context, error) {
	c3, err := b.NewContextV3(ioThreads)
	if err != nil {
		return nil, err
	}
	return &Context{Context: c3, b: b}, nil
}

// Has reports whether the library was built with a capability ("ipc",
// "curve", ...) through zmq_has; ok is false on 4.0, which lacks zmq_has.
func (b *Backend) Has(capability string) (has, ok bool) {
	if b.Sym4.Has == 0 {
		return false, false
	}
	cs, valid := abi.CString(capability)
	if !valid {
		return false, true
	}
	c := abi.NewCaller(b.Sym.Errno)
	return abi.Int32(c.Raw(b.Sym4.Has, uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0, 0)) != 0, true
}

// NewSocket implements abi.Context with a 4.x socket.
func (c *Context) NewSocket(typ int) (abi.Socket, error) {
	s3, err := c.NewSocketV3(typ)
	if err != nil {
		return nil, err
	}
	return &Socket{Socket: s3, b: c.b}, nil
}

// Socket is a 4.x socket: the 3.x socket plus what only some 4.x builds
// have (metadata, draft sockets).
type Socket struct {
	*backend_v3.Socket
	b *Backend
}

// Context is a 4.x context.
type Context struct {
	*backend_v3.Context
	b *Backend
}

var _ abi.ContextShutdowner = (*Context)(nil)

// Shutdown implements abi.ContextShutdowner (zmq_ctx_shutdown).
func (c *Context) Shutdown() syscall.Errno {
	cl := abi.NewCaller(c.b.Sym.Errno)
	_, e := cl.Int(c.b.Sym4.CtxShutdown, c.H, 0, 0, 0, 0)
	return e
}
