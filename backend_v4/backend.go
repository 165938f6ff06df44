package backend_v4

import (
	"fmt"
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/backend_v3"
	"github.com/zmqffi/zmqffi/constants"
)

// backend is one loaded libzmq 4.x: the 3.x ABI, extended.
type backend struct {
	*backend_v3.Backend
	sym4 symbols
	msg  msgSymbols
	symX extraSymbols
}

var _ abi.Backend = (*backend)(nil)

// New binds the 4.x library that src looks symbols up in. path and v are
// what the loader found and what zmq_version reported.
func New(src abi.SymbolSource, path string, v constants.Version) (abi.Backend, error) {
	if v.Major != 4 {
		return nil, fmt.Errorf("backend_v4: %s is libzmq %s, not 4.x", path, v)
	}
	b := &backend{}
	for _, table := range []any{&b.sym4, &b.msg, &b.symX} {
		if err := abi.Bind(src, table); err != nil {
			return nil, fmt.Errorf("backend_v4: %s (libzmq %s): %w", path, v, err)
		}
	}
	b3, err := backend_v3.NewExtended(src, path, v, backend_v3.Extension{
		Term:            b.sym4.CtxTerm,
		TwoFrameMonitor: true,
	})
	if err != nil {
		return nil, err
	}
	b.Backend = b3
	return b, nil
}

// NewContext implements abi.Backend.
func (b *backend) NewContext(ioThreads int) (abi.Context, error) {
	c3, err := b.Backend.NewContext(ioThreads)
	if err != nil {
		return nil, err
	}
	return &context{Context: c3.(*backend_v3.Context), b: b}, nil
}

// Has reports whether the library was built with a capability ("ipc",
// "curve", ...) through zmq_has; ok is false on 4.0, which lacks zmq_has.
func (b *backend) Has(capability string) (has, ok bool) {
	if b.sym4.Has == 0 {
		return false, false
	}
	cs, valid := abi.CString(capability)
	if !valid {
		return false, true
	}
	c := abi.NewCaller(b.ErrnoFn())
	return abi.Int32(c.Raw(b.sym4.Has, uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0, 0)) != 0, true
}

// context is a 4.x context.
type context struct {
	*backend_v3.Context
	b *backend
}

var _ abi.ContextShutdowner = (*context)(nil)

// NewSocket implements abi.Context with a 4.x socket.
func (c *context) NewSocket(typ int) (abi.Socket, error) {
	s3, err := c.Context.NewSocket(typ)
	if err != nil {
		return nil, err
	}
	s := &socket{Socket: s3.(*backend_v3.Socket), b: c.b}
	s.c.Init(c.b.ErrnoFn())
	return s, nil
}

// Shutdown implements abi.ContextShutdowner (zmq_ctx_shutdown).
func (c *context) Shutdown() syscall.Errno {
	cl := abi.NewCaller(c.b.ErrnoFn())
	_, e := cl.Int(c.b.sym4.CtxShutdown, c.Handle(), 0, 0, 0, 0)
	return e
}

// socket is a 4.x socket: the 3.x socket plus what only some 4.x builds
// have (metadata, draft sockets), which it calls through a Caller and a
// message of its own; package zmqffi serialises its calls.
type socket struct {
	*backend_v3.Socket
	b   *backend
	c   abi.Caller
	msg abi.Msg
}
