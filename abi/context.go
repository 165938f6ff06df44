package abi

import (
	"sync"
	"syscall"
)

// ContextHandle is a libzmq context's void* with the calls every ABI
// generation makes on it alike. Its quick calls share one Caller under a
// lock; Term, which blocks, has one of its own. Backends embed it in their
// context type; it must live on the heap (the Callers do).
type ContextHandle struct {
	h  uintptr
	mu sync.Mutex // guards c
	c  Caller
	tc Caller // for Term
}

// Open creates the context with newFn (zmq_ctx_new, or zmq_init with its
// ioThreads argument), whose failures read errno with zmqErrno.
func (ch *ContextHandle) Open(zmqErrno, newFn, arg uintptr) syscall.Errno {
	ch.c.Init(zmqErrno)
	ch.tc.Init(zmqErrno)
	h, e := ch.c.Ptr(newFn, arg, 0, 0, 0, 0)
	ch.h = h
	return e
}

// Handle is the context's void*.
func (ch *ContextHandle) Handle() uintptr { return ch.h }

// Socket creates a socket of libzmq type number typ with zmqSocket
// (zmq_socket) and returns its void*.
func (ch *ContextHandle) Socket(zmqSocket uintptr, typ int) (uintptr, syscall.Errno) {
	if typ < 0 || typ > 1<<16 {
		return 0, syscall.EINVAL
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.c.Ptr(zmqSocket, ch.h, uintptr(typ), 0, 0, 0)
}

// Call makes a quick int call fn(context, a1, a2) (zmq_ctx_set, zmq_ctx_get).
func (ch *ContextHandle) Call(fn, a1, a2 uintptr) (int, syscall.Errno) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.c.Int(fn, ch.h, a1, a2, 0, 0)
}

// Term terminates the context with termFn (zmq_term, zmq_ctx_destroy or
// zmq_ctx_term); it blocks while sockets linger.
func (ch *ContextHandle) Term(termFn uintptr) syscall.Errno {
	_, e := ch.tc.Int(termFn, ch.h, 0, 0, 0, 0)
	return e
}
