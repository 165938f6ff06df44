package zmqffi

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// SocketType is a libzmq socket type. The values are libzmq's, the same in
// every version that has the type.
type SocketType int

// Socket types of every release: PAIR to XSUB in 2.2 and later, STREAM
// from 4.0 (Context.Socket returns ErrNotSupported before); the draft types
// are in draft.go.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket.html
const (
	PAIR   SocketType = 0  // exclusive pair: one peer, both directions
	PUB    SocketType = 1  // publish to every subscriber; send only
	SUB    SocketType = 2  // receive what publishers send to its subscriptions
	REQ    SocketType = 3  // strict request-reply client
	REP    SocketType = 4  // strict request-reply server
	DEALER SocketType = 5  // asynchronous requests: round-robin out, fair-queued in
	ROUTER SocketType = 6  // asynchronous replies, addressed by the peer's identity frame
	PULL   SocketType = 7  // pipeline: fair-queued receive
	PUSH   SocketType = 8  // pipeline: round-robin send
	XPUB   SocketType = 9  // PUB that receives its subscribers' subscriptions
	XSUB   SocketType = 10 // SUB that sends its subscriptions as messages
	STREAM SocketType = 11 // raw TCP: a routing-id frame, then the bytes (4.0+)
)

// The old names libzmq's zmq.h still defines for the same types.
const (
	// Deprecated: XREQ is libzmq's old name of DEALER.
	XREQ = DEALER
	// Deprecated: XREP is libzmq's old name of ROUTER.
	XREP = ROUTER
	// Deprecated: UPSTREAM is libzmq 2.x's name of PULL.
	UPSTREAM = PULL
	// Deprecated: DOWNSTREAM is libzmq 2.x's name of PUSH.
	DOWNSTREAM = PUSH
)

var socketTypeNames = [...]string{"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM"}

// String returns the type's libzmq name without ZMQ_ ("PUSH").
func (t SocketType) String() string {
	if t >= 0 && int(t) < len(socketTypeNames) {
		return socketTypeNames[t]
	}
	if name, ok := draftTypeNames[t]; ok {
		return name
	}
	return fmt.Sprintf("SocketType(%d)", int(t))
}

// Flag modifies a send or receive.
type Flag int

const (
	// DontWait makes a send or receive that would block fail at once with
	// EAGAIN (ZMQ_DONTWAIT; ZMQ_NOBLOCK on 2.x).
	DontWait Flag = abi.DontWait
	// SndMore marks a frame as followed by more frames of the same message
	// (ZMQ_SNDMORE).
	SndMore Flag = abi.SndMore
)

// Socket is a libzmq socket.
//
// A Socket is used by one goroutine at a time, as libzmq sockets are; Close
// (and the context's Term) may be called from any goroutine and wakes a
// goroutine that waits in a send or receive, which then returns ErrClosed.
// Goroutines that share a Socket anyway do not corrupt it: each call holds
// the socket's lock, SendMultipart and RecvMultipart hold it for a whole
// message, and goroutines that must wait take turns. Frames sent or received
// one by one (SndMore, Recv with RcvMore) may still mix.
//
// A send or receive that has to wait does so in Go's network poller, on a
// duplicate of the socket's ZMQ_FD, not inside libzmq: a waiting goroutine
// holds no OS thread, and timeouts are kept exactly. SetBlockingWait makes
// waits first block their thread for a while, as a C program's would: always
// (a fixed blocking wait) or when the wait is likely to end soon
// (AdaptiveWait).
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket.html
type Socket struct {
	st *socketState
	// ctx keeps the Context reachable while the Socket is, so a forgotten
	// context is never terminated under a live socket.
	ctx *Context
}

// socketState is what the context's registry and the cleanup hold; the user's
// *Socket can then become unreachable and be cleaned up.
type socketState struct {
	mu     sync.Mutex // serialises every libzmq call on b
	b      abi.Socket
	closed atomic.Bool
	ctx    *contextState
	typ    SocketType

	rcvTimeout atomic.Int64 // time.Duration; negative waits forever
	sndTimeout atomic.Int64

	// Waiting in the netpoller: file is a dup of ZMQ_FD made on the first
	// wait, rc its RawConn (written before file is stored).
	file      atomic.Pointer[os.File]
	rc        syscall.RawConn
	noPark    bool         // the dup could not be made or polled: wait with zmq_poll
	parkedFor atomic.Int32 // the events a parked goroutine waits for
	// A blocking wait (blockingwait.go): its length (0: none), and its
	// zmq_poll item and caller, kept here so that it does not allocate.
	blockingWait atomic.Int64 // time.Duration; AdaptiveWait: the adaptive policy
	bwItem       [1]abi.PollItem
	bwCaller     abi.Caller
	// The zmq_poll item and caller of waitPoll (wait.go), the wait of
	// Windows, kept here so that a wait does not allocate.
	wpItem    [1]abi.PollItem
	wpCaller  abi.Caller
	aw        adaptiveWait  // the adaptive policy's state (blockingwait.go)
	cw        ctxWatch      // context.Context cancellation of a wait (wait.go)
	waitTurn  chan struct{} // held by the goroutine that waits (enterWait)
	closeOnce sync.Once
	closeErr  error

	// inProxy is set (under mu) while a Proxy runs on the socket inside
	// libzmq: no other call may touch it then, and a Close is completed by
	// the proxy when it returns.
	inProxy bool

	// rx is what a Channel gave back, and whether one runs (putback.go);
	// nil until the first Channel. Guarded by mu.
	rx *rxState
	// conns follows the connections, if WatchConnections was called
	// (connstate.go): told of Disconnect and Unbind, which libzmq does not
	// report.
	conns atomic.Pointer[ConnState]

	// The operation a waiting goroutine retries; one at a time (the socket
	// has one user), bound once so that waiting does not allocate.
	op        opState
	tryRecvIn func(uintptr) bool
	tryRecv   func(uintptr) bool
	trySend   func(uintptr) bool
	// The same for the multipart sends and receives.
	tryRecvMulti func(uintptr) bool
	trySendMulti func(uintptr) bool
}

type opState struct {
	buf    []byte
	flags  int
	n      int
	more   bool
	out    []byte
	parts  [][]byte // the frames of a multipart send or receive
	errno  syscall.Errno
	closed bool
}

func newSocketState(ctx *contextState, b abi.Socket, t SocketType) *socketState {
	s := &socketState{b: b, ctx: ctx, typ: t, waitTurn: make(chan struct{}, 1)}
	s.rcvTimeout.Store(-1)
	s.sndTimeout.Store(-1)
	s.aw.fds[0].fd = noFD
	s.tryRecvIn = func(uintptr) bool { return s.tryOnce(opRecvInto) }
	s.tryRecv = func(uintptr) bool { return s.tryOnce(opRecv) }
	s.trySend = func(uintptr) bool { return s.tryOnce(opSend) }
	s.tryRecvMulti = func(uintptr) bool { return s.tryOnce(opRecvMulti) }
	s.trySendMulti = func(uintptr) bool { return s.tryOnce(opSendMulti) }
	return s
}

// Type returns the socket's type.
func (s *Socket) Type() SocketType { return s.st.typ }

// Context returns the context the socket belongs to.
func (s *Socket) Context() *Context { return s.ctx }

// Close closes the socket (zmq_close). Messages it still queues are sent in
// the background for as long as its linger allows. Close is idempotent and
// safe to call from any goroutine; later calls on the socket return ErrClosed.
//
// https://libzmq.readthedocs.io/en/latest/zmq_close.html
func (s *Socket) Close() error { return s.st.close() }

func (st *socketState) close() error { return st.closeLinger(-1) }

// closeLinger closes the socket after lowering its linger to at most
// lingerCap, unless that is negative: libzmq reads the linger in zmq_close,
// never later. A socket in a running proxy keeps its linger, since only the
// proxy may touch it.
func (st *socketState) closeLinger(lingerCap time.Duration) error {
	st.closeOnce.Do(func() {
		st.closed.Store(true)
		// Close the dup first: that evicts a parked goroutine and waits until
		// it has left the poller. Closing libzmq's socket first would let the
		// reaper wake it into a freed socket.
		st.closeFile()
		st.mu.Lock()
		if st.inProxy {
			// libzmq's proxy still uses the socket; leaveProxy closes it.
			st.mu.Unlock()
			return
		}
		if lingerCap >= 0 {
			st.capLingerLocked(msOrInfinite(lingerCap))
		}
		st.closeErr = st.zmqCloseLocked()
	})
	return st.closeErr
}

// capLingerLocked lowers ZMQ_LINGER to ms if it is longer (or infinite);
// st.mu is held. A failure leaves the socket's own linger.
func (st *socketState) capLingerLocked(ms int64) {
	if v, err := st.b.GetInt("LINGER"); err == nil && v >= 0 && v <= ms {
		return
	}
	_ = st.b.SetInt("LINGER", ms)
}

// zmqCloseLocked closes the libzmq socket; st.mu is held and released.
func (st *socketState) zmqCloseLocked() error {
	var e syscall.Errno
	for {
		if e = st.b.Close(); e != syscall.EINTR {
			break
		}
	}
	st.mu.Unlock()
	st.closeFile() // a dup made by a goroutine that raced with Close
	st.ctx.forget(st)
	return errnoErr("zmq_close", e)
}

// errInProxy is returned by calls on a socket that a running Proxy owns.
var errInProxy = fmt.Errorf("zmqffi: the socket is in use by a running proxy: %w", syscall.EBUSY)

// enterProxy hands the socket to libzmq's proxy.
func (st *socketState) enterProxy() error {
	if err := st.lock(); err != nil {
		return err
	}
	if st.parkedFor.Load() != 0 {
		st.mu.Unlock()
		return errInProxy // another goroutine waits on the socket
	}
	if st.ownedLocked() {
		st.mu.Unlock()
		return errChannelOwns
	}
	if st.hasPutBackLocked() {
		// libzmq's proxy would forward what it queues before these.
		st.mu.Unlock()
		return fmt.Errorf("zmqffi: a message given back by a stopped Channel waits on the socket; receive it before starting a proxy: %w", syscall.EBUSY)
	}
	st.inProxy = true
	st.mu.Unlock()
	return nil
}

// leaveProxy takes the socket back from the proxy, completing a Close that
// came while it ran.
func (st *socketState) leaveProxy() {
	st.mu.Lock()
	st.inProxy = false
	if st.closed.Load() {
		_ = st.zmqCloseLocked()
		return
	}
	st.mu.Unlock()
}

func (st *socketState) closeFile() {
	if f := st.file.Swap(nil); f != nil {
		_ = f.Close()
	}
}

// lock takes the socket for one libzmq call, or reports ErrClosed.
func (st *socketState) lock() error {
	st.mu.Lock()
	if st.closed.Load() {
		st.mu.Unlock()
		return ErrClosed
	}
	if st.inProxy {
		st.mu.Unlock()
		return errInProxy
	}
	return nil
}

// unlock ends a call made by a goroutine other than a parked one. libzmq
// processes pending commands during any call on the socket, which can consume
// the edge a parked goroutine waits for; so if one is parked and the socket
// now has what it waits for, it is woken to look again.
func (st *socketState) unlock() {
	if want := st.parkedFor.Load(); want != 0 {
		if ev, e := st.eventsLocked(); e == 0 && int32(ev)&want != 0 {
			if f := st.file.Load(); f != nil {
				_ = f.SetReadDeadline(time.Unix(1, 0))
			}
		}
	}
	st.mu.Unlock()
}

// eventsLocked reads ZMQ_EVENTS with st.mu held, retrying EINTR: libzmq's
// command processing was interrupted, maybe after it consumed the edge.
func (st *socketState) eventsLocked() (int, syscall.Errno) {
	for {
		ev, e := st.b.Events()
		if e != syscall.EINTR {
			return ev, e
		}
		eintrRetries.Add(1)
	}
}

// call runs fn, one quick libzmq call on the socket, unless it is closed.
func (st *socketState) call(fn func() error) error {
	if err := st.lock(); err != nil {
		return err
	}
	defer st.unlock()
	return fn()
}

// endpointCall runs zmq_bind, zmq_connect, zmq_unbind or zmq_disconnect,
// retrying EINTR: each starts by processing the socket's pending commands,
// which a signal (Go's preemption) can interrupt before anything is done.
func (st *socketState) endpointCall(op string, fn func(abi.Socket, string) error, endpoint string) error {
	return st.call(func() error {
		err := fn(st.b, endpoint)
		for errors.Is(err, syscall.EINTR) {
			eintrRetries.Add(1)
			err = fn(st.b, endpoint)
		}
		if c := st.conns.Load(); c != nil && err == nil && (op == "zmq_disconnect" || op == "zmq_unbind") {
			c.forget(endpoint)
		}
		if err == nil && strings.HasPrefix(endpoint, "inproc://") {
			// Never cleared: a peer in this process is a reason to park (see
			// AdaptiveWait).
			st.aw.inproc.Store(true)
		}
		return wrap(op, err)
	})
}

// Bind accepts connections on an endpoint ("tcp://127.0.0.1:5555",
// "ipc:///tmp/feed", "inproc://name"; "tcp://127.0.0.1:*" picks a free port
// from 3.x on, see LastEndpoint).
//
// https://libzmq.readthedocs.io/en/latest/zmq_bind.html
func (s *Socket) Bind(endpoint string) error {
	return s.st.endpointCall("zmq_bind", abi.Socket.Bind, endpoint)
}

// Connect connects to an endpoint.
//
// https://libzmq.readthedocs.io/en/latest/zmq_connect.html
func (s *Socket) Connect(endpoint string) error {
	return s.st.endpointCall("zmq_connect", abi.Socket.Connect, endpoint)
}

// Unbind stops accepting connections on an endpoint (libzmq 3.x+).
//
// https://libzmq.readthedocs.io/en/latest/zmq_unbind.html
func (s *Socket) Unbind(endpoint string) error {
	return s.st.endpointCall("zmq_unbind", abi.Socket.Unbind, endpoint)
}

// Disconnect disconnects from an endpoint (libzmq 3.x+).
//
// https://libzmq.readthedocs.io/en/latest/zmq_disconnect.html
func (s *Socket) Disconnect(endpoint string) error {
	return s.st.endpointCall("zmq_disconnect", abi.Socket.Disconnect, endpoint)
}
