// Hooks for the root package's white-box tests: process-wide counters and
// mechanisms (EINTR injection, the zero-copy release queue, the blocking-wait
// bound) that the public API does not show.
package zmqffi

import (
	"runtime"
	"sync/atomic"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

// EINTRRetries returns how many libzmq calls of the send and receive paths
// returned EINTR and were retried, process-wide, for the reliability tests.
func EINTRRetries() uint64 { return eintrRetries.Load() }

// LiveSockets returns how many sockets of c are open (created and not yet
// closed by Close, Term or a cleanup).
func LiveSockets(c *Context) int {
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	return len(c.st.sockets)
}

// InjectEINTR makes every third send, receive and ZMQ_EVENTS call of s fail
// with EINTR the way libzmq's do when a signal interrupts them: after
// processing the socket's pending commands (which consumes ZMQ_FD's edge) and
// before any message is taken or queued. It returns the number of failures
// injected so far. Call it before s is shared with another goroutine.
func InjectEINTR(s *Socket) *atomic.Int64 {
	w := &eintrSocket{Socket: s.st.b}
	s.st.mu.Lock()
	s.st.b = w
	s.st.mu.Unlock()
	return &w.injected
}

type eintrSocket struct {
	abi.Socket
	calls, injected atomic.Int64
}

func (w *eintrSocket) fail() bool {
	if w.calls.Add(1)%3 != 0 {
		return false
	}
	w.injected.Add(1)
	_, _ = w.Socket.Events() // processes the pending commands
	return true
}

func (w *eintrSocket) Send(b []byte, flags int) syscall.Errno {
	if w.fail() {
		return syscall.EINTR
	}
	return w.Socket.Send(b, flags)
}

func (w *eintrSocket) RecvInto(b []byte, flags int) (int, syscall.Errno) {
	if w.fail() {
		return -1, syscall.EINTR
	}
	return w.Socket.RecvInto(b, flags)
}

func (w *eintrSocket) Recv(flags int) ([]byte, bool, syscall.Errno) {
	if w.fail() {
		return nil, false, syscall.EINTR
	}
	return w.Socket.Recv(flags)
}

func (w *eintrSocket) Events() (int, syscall.Errno) {
	if w.fail() {
		return 0, syscall.EINTR
	}
	return w.Socket.Events()
}

// BlockingWaitsReady returns how many blocking waits (SetBlockingWait) ended
// with their socket ready, process-wide.
func BlockingWaitsReady() uint64 { return blockingWaitsReady.Load() }

// AdaptiveWindow is how long an adaptive wait blocks before it parks.
const AdaptiveWindow = adaptiveWindow

// BlockingWaiters returns how many goroutines are in a blocking wait now.
func BlockingWaiters() int { return int(blockingWaiters.Load()) }

// LentFrames returns how many frames are lent through the release queue and
// not yet released, and how many it can hold (0 where there is none).
func LentFrames() (lent, capacity int) {
	zcMu.Lock()
	defer zcMu.Unlock()
	if zcQueueFn == 0 {
		return 0, 0
	}
	return len(zcLends) - len(zcFreeHints), len(zcLends)
}

// ProbeCapability answers Has(capability) the way it is answered for
// libraries without zmq_has, whatever the library, so that the probes can be
// checked against zmq_has on 4.1 and later.
func ProbeCapability(c *Context, capability string) (bool, error) {
	var has bool
	err := c.live(func() (err error) {
		has, err = c.probe(capability)
		return err
	})
	return has, err
}

// RecvIntoBlocking receives one frame with a blocking zmq_recv, waiting
// inside libzmq on an OS thread: the path the binding does not take, kept
// here for the latency benchmark that compares the two. It holds the socket
// for the whole wait and retries EINTR from the start.
func RecvIntoBlocking(s *Socket, buf []byte) (int, error) {
	st := s.st
	if err := st.lock(); err != nil {
		return 0, err
	}
	defer st.mu.Unlock()
	defer runtime.KeepAlive(s)
	for {
		n, e := st.b.RecvInto(buf, 0)
		if e == syscall.EINTR {
			continue
		}
		return n, errnoErr("zmq_recv", e)
	}
}

// PutBackFrames returns how many frames a stopped Channel gave back to s that
// no receive has handed out yet.
func PutBackFrames(s *Socket) int {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.rx == nil || s.st.rx.pend == nil {
		return 0
	}
	return len(s.st.rx.pend) - s.st.rx.off
}

// ChannelHolds reports whether ch holds a received message that nobody has
// taken from its Recv yet.
func ChannelHolds(ch *Channel) bool {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.in != nil
}
