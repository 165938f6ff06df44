// Package zmqffi is a Go binding to libzmq (ZeroMQ) that needs no cgo: it
// loads libzmq at run time, per context, and speaks whichever ABI generation
// the loaded library has (2.x, 3.x or 4.x) behind one API.
//
// Each [Context] is bound to one library file. Contexts on different libzmq
// versions, or on different builds that share a soname, live in one process
// and talk to each other over tcp and ipc (inproc never crosses libraries):
//
//	ctx, err := zmqffi.NewContext(zmqffi.WithSoname("libzmq.so.5"))
//	if err != nil { ... }
//	defer ctx.Term()
//	fmt.Println(ctx.Version(), ctx.LibraryPath())
//	rep, _ := ctx.Socket(zmqffi.REP)
//	_ = rep.Bind("tcp://127.0.0.1:*") // LastEndpoint tells the port
//	msg, _ := rep.Recv(0)
//	_ = rep.Send(msg, 0)
//
// Errors from libzmq are *[Error] values that unwrap to a syscall.Errno, so
// errors.Is(err, syscall.EAGAIN) works; calls on closed sockets return
// [ErrClosed] and features the loaded version lacks return an error matching
// [ErrNotSupported].
//
// The binding keeps libzmq's defaults, linger included: a socket closed with
// messages queued keeps delivering them until its context terminates.
//
// # Waiting
//
// A send or receive that has to wait parks its goroutine in Go's netpoller on
// a duplicate of the socket's ZMQ_FD: it holds no OS thread, Close, Term and
// the end of a context.Context wake it at once, and timeouts are kept
// exactly ([Socket.SetBlockingWait] adds a short wait inside libzmq first).
// On Windows ZMQ_FD is a SOCKET, which the netpoller (built on I/O
// completion ports) cannot watch: there a wait is zmq_poll on the socket in
// slices of 10 ms, holding an OS thread. A message ends it at once, timeouts
// are still exact (the last slice is cut to what is left), and Close, Term
// or the end of a context wake it within one slice; SetBlockingWait changes
// nothing there.
package zmqffi

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/backend_v2"
	"github.com/zmqffi/zmqffi/backend_v3"
	"github.com/zmqffi/zmqffi/backend_v4"
	"github.com/zmqffi/zmqffi/constants"
	"github.com/zmqffi/zmqffi/loader"
)

// Version is a libzmq version, as zmq_version reports it: Major, Minor and
// Patch, with String ("4.3.4"), Compare and Less. It is the one version type
// of every layer, defined with the per-version tables in package constants.
type Version = constants.Version

// ContextOption configures [NewContext].
type ContextOption func(*contextConfig)

type contextConfig struct {
	soname    string
	ioThreads int
}

// WithSoname chooses the libzmq to load: a soname ("libzmq.so.3",
// "libzmq.so.5"), a file name searched like the dynamic linker does, or a
// path. Without it, NewContext tries the usual names for the OS, newest ABI
// first (see [loader.DefaultNames]).
func WithSoname(name string) ContextOption { return func(c *contextConfig) { c.soname = name } }

// WithIOThreads sets the number of libzmq I/O threads of the context
// (zmq_init(n) on 2.x, ZMQ_IO_THREADS later). libzmq's default is 1.
func WithIOThreads(n int) ContextOption { return func(c *contextConfig) { c.ioThreads = n } }

// backends holds one bound backend per loaded library file: the symbols are
// resolved per library, never shared between two files of the same version.
var (
	backendsMu sync.Mutex
	backends   = map[*loader.Library]abi.Backend{}
)

func backendFor(lib *loader.Library) (abi.Backend, error) {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if b, ok := backends[lib]; ok {
		return b, nil
	}
	v := lib.Version
	var (
		b   abi.Backend
		err error
	)
	switch v.Major {
	case 2:
		b, err = backend_v2.New(lib, lib.Path, v)
	case 3:
		b, err = backend_v3.New(lib, lib.Path, v)
	case 4:
		b, err = backend_v4.New(lib, lib.Path, v)
	default:
		return nil, fmt.Errorf("zmqffi: %s is libzmq %s; no backend serves major version %d (zmqffi serves 2.x, 3.x and 4.x)", lib.Path, v, v.Major)
	}
	if err != nil {
		return nil, fmt.Errorf("zmqffi: %w", err)
	}
	backends[lib] = b
	return b, nil
}

// Context is a libzmq context on one loaded library. Its methods are safe for
// concurrent use.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_new.html
type Context struct {
	st *contextState
}

type contextState struct {
	lib *loader.Library
	b   abi.Backend
	c   abi.Context

	mu         sync.Mutex
	terminated bool
	sockets    map[*socketState]struct{}

	termOnce sync.Once
	termDone chan struct{} // closed once zmq_ctx_term has returned
	termErr  error

	errnoSym uintptr // the library's zmq_errno, for callers made outside a backend
}

func (st *contextState) errnoFn() uintptr { return st.errnoSym }

// NewContext loads the chosen libzmq (once per file, shared by every context
// on it), binds the backend for its major version and creates a context.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_new.html
func NewContext(opts ...ContextOption) (*Context, error) {
	var cfg contextConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.ioThreads < 0 {
		return nil, fmt.Errorf("zmqffi: WithIOThreads(%d): the number of I/O threads cannot be negative: %w", cfg.ioThreads, syscall.EINVAL)
	}
	lib, err := loader.Open(cfg.soname)
	if err != nil {
		return nil, fmt.Errorf("zmqffi: %w", err)
	}
	b, err := backendFor(lib)
	if err != nil {
		return nil, err
	}
	c, err := b.NewContext(cfg.ioThreads)
	if err != nil {
		return nil, wrap("zmq_ctx_new", err)
	}
	st := &contextState{lib: lib, b: b, c: c, sockets: map[*socketState]struct{}{}, termDone: make(chan struct{})}
	st.errnoSym, _ = lib.Sym("zmq_errno") // every backend required it already
	ctx := &Context{st: st}
	// A forgotten context is terminated on a goroutine of its own: zmq_ctx_term
	// may wait for lingering messages, and must not hold up other cleanups.
	runtime.AddCleanup(ctx, func(st *contextState) { go st.term() }, st)
	return ctx, nil
}

// Version returns the version of the libzmq this context loaded.
//
// https://libzmq.readthedocs.io/en/latest/zmq_version.html
func (c *Context) Version() Version {
	return c.st.lib.Version
}

// LibraryPath returns the absolute path of the library file actually mapped
// for this context, symlinks resolved.
func (c *Context) LibraryPath() string { return c.st.lib.Path }

// Term closes the context's open sockets (their linger still applies) and
// terminates the context, waiting, as zmq_ctx_term does, until the messages
// that lingering sockets still hold are sent or their linger expires. It is
// idempotent: later calls return the first call's result once it is done.
//
// libzmq's default linger is -1, forever: a socket that still queues a
// message for a peer that never comes (a PUSH connected to an endpoint
// nobody binds) makes Term wait forever. Set a finite linger (SetLinger) on
// such sockets, or terminate with TermContext, which gives up on their
// messages when its context.Context ends.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_term.html
func (c *Context) Term() error { return c.st.term() }

// lingerMargin is added to the linger TermContext gives sockets: libzmq's
// timers count whole milliseconds of a coarse clock and may expire up to a
// millisecond early, and a linger that ended before ctx's deadline would
// make a dropped message look delivered.
const lingerMargin = 2 * time.Millisecond

// TermContext terminates the context as Term does, but gives up on lingering
// messages when ctx ends. The sockets still open are closed with their linger
// lowered to the time left before ctx's deadline, so their queued messages
// are delivered until then and dropped at the deadline; with ctx done
// already, they are closed with linger 0. TermContext returns nil when the
// context terminated before ctx ended, and ctx.Err() otherwise; a nil ctx
// makes it Term.
//
// libzmq reads a socket's linger in zmq_close, never later, so a
// cancellation cannot shorten it: sockets closed before TermContext keep the
// linger they were closed with, so do all sockets when ctx has no deadline,
// and a ctx cancelled before its deadline leaves the deadline's linger. When
// ctx ends while such sockets still hold messages, TermContext returns
// ctx.Err() at once and the termination completes in the background, when
// their linger allows; a later Term waits for it.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_term.html
func (c *Context) TermContext(ctx context.Context) error {
	if ctx == nil {
		return c.Term()
	}
	deadline, hasDeadline := ctx.Deadline()
	lingerCap := time.Duration(-1)
	switch {
	case ctx.Err() != nil:
		lingerCap = 0
	case hasDeadline:
		lingerCap = max(time.Until(deadline), 0) + lingerMargin
	}
	// The sockets are closed here, so that a Term that follows at once
	// cannot close them first with their own linger; zmq_ctx_term, which
	// may wait for ever, runs on a goroutine.
	c.st.termOnce.Do(func() {
		c.st.closeSockets(lingerCap)
		go c.st.ctxTerm()
	})
	select {
	case <-c.st.termDone:
		if ctx.Err() == nil && (!hasDeadline || time.Now().Before(deadline)) {
			return c.st.termErr
		}
		// The deadline passed first: the lingering sockets may have dropped
		// messages at it.
		<-ctx.Done()
	case <-ctx.Done():
	}
	return ctx.Err()
}

func (st *contextState) term() error {
	st.termOnce.Do(func() {
		st.closeSockets(-1)
		st.ctxTerm()
	})
	<-st.termDone
	return st.termErr
}

// closeSockets marks the context terminated and closes its open sockets,
// lowering their linger to at most lingerCap unless it is negative.
func (st *contextState) closeSockets(lingerCap time.Duration) {
	st.mu.Lock()
	st.terminated = true
	socks := make([]*socketState, 0, len(st.sockets))
	for s := range st.sockets {
		socks = append(socks, s)
	}
	st.mu.Unlock()
	for _, s := range socks {
		_ = s.closeLinger(lingerCap)
	}
}

// ctxTerm terminates the libzmq context, waiting as zmq_ctx_term does, and
// closes termDone.
func (st *contextState) ctxTerm() {
	defer close(st.termDone)
	for {
		e := st.c.Term()
		if e != syscall.EINTR {
			st.termErr = errnoErr("zmq_ctx_term", e)
			return
		}
	}
}

func (st *contextState) forget(s *socketState) {
	st.mu.Lock()
	delete(st.sockets, s)
	st.mu.Unlock()
}

// Socket creates a socket of type t in this context. A Socket is used by one
// goroutine at a time; closing it from another goroutine is safe.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket.html
func (c *Context) Socket(t SocketType) (*Socket, error) {
	st := c.st
	if err := st.checkSocketType(t); err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.terminated {
		return nil, ErrClosed
	}
	bs, err := st.c.NewSocket(int(t))
	if err != nil {
		return nil, st.socketTypeErr(t, err)
	}
	ss := newSocketState(st, bs, t)
	st.sockets[ss] = struct{}{}
	s := &Socket{st: ss, ctx: c}
	runtime.AddCleanup(s, func(ss *socketState) { _ = ss.close() }, ss)
	return s, nil
}

// Shutdown makes blocking calls on the context's sockets fail with ETERM
// without terminating it (zmq_ctx_shutdown); a later Term still has to be
// called. It returns ErrNotSupported before libzmq 4.0.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_shutdown.html
func (c *Context) Shutdown() error {
	sd, ok := c.st.c.(abi.ContextShutdowner)
	if !ok {
		return abi.NotSupported(c.st.b.Version(), "zmq_ctx_shutdown")
	}
	return c.live(func() error { return errnoErr("zmq_ctx_shutdown", sd.Shutdown()) })
}

// live runs fn, a quick libzmq call on the context, unless the context is
// terminated; Term cannot start while fn runs.
func (c *Context) live(fn func() error) error {
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	if c.st.terminated {
		return ErrClosed
	}
	return fn()
}
