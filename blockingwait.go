package zmqffi

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// blockingWaiters counts the goroutines blocked in a blocking wait, across
// the process; blockingWaitsReady counts the blocking waits that ended with
// the socket ready (tests read it).
var (
	blockingWaiters    atomic.Int32
	blockingWaitsReady atomic.Uint64
)

// AdaptiveWait, given to SetBlockingWait, chooses per wait between blocking
// briefly and parking at once.
//
// A goroutine parked in Go's netpoller is woken by the scheduler, which
// costs a thread wake-up or two more than a thread blocked in the kernel, as
// a C program's is: for a reply from another process, which comes within
// tens of microseconds, that is a large part of the round trip. So a wait
// first blocks its thread in poll(2) on the socket's ZMQ_FD for a fraction
// of a millisecond (the window), and parks only if nothing came by then,
// when all of these hold:
//
//   - the socket has no inproc endpoint (Bind or Connect): between
//     goroutines of one process the scheduler hands the CPU over without
//     sleeping, and a blocked thread would only add wake-ups;
//   - the socket's previous wait was no longer than the window: a peer
//     that answers slowly, or a receiver that waits for rare messages, parks
//     at once, and blocks again once a wait was short;
//   - the wait is not bound to a context.Context that can end (RecvContext
//     and the like), whose cancellation must end it at once;
//   - fewer than GOMAXPROCS-1 goroutines of the process are in a blocking
//     wait, so that thousands of waiters still share a few threads, and one P
//     stays free for the others (with GOMAXPROCS 1 no wait blocks);
//   - the socket's ZMQ_FD can be polled with poll(2) (Linux and the BSDs).
//
// A timeout shorter than the window cuts the blocking wait to it, and a
// Close or Term from another goroutine waits for the blocking wait to end
// (at most the window) before it wakes the waiter.
//
// It is not the default: on a machine whose cores are all busy, threads
// blocked in poll(2) make round trips longer than parked goroutines do,
// while on an idle one they shorten them little (scripts/bench/run, with
// -impls zmqffi,zmqffi-aw,pebbe,c, compares the two); measure yours.
const AdaptiveWait time.Duration = -1

// adaptiveWindow is how long an adaptive wait blocks before it parks: long
// enough for a reply over a local network, short enough that a thread and a
// Close are not held up for long.
const adaptiveWindow = 200 * time.Microsecond

// SetBlockingWait sets how a send or receive that has to wait does so: 0,
// the default, parks every wait in Go's netpoller at once; AdaptiveWait
// decides per wait, as its doc says; d > 0 makes every wait first block inside
// libzmq, in zmq_poll on this socket, for up to d, and only then park. d is
// rounded up to whole milliseconds (the unit of zmq_poll from libzmq 3.x
// on); other negative values are an error.
//
// A fixed blocking wait trades an OS thread for latency, for sockets whose
// peers are in other processes, whatever the previous waits were; measure
// (scripts/bench/run compares zmqffi-bw with zmqffi; BenchmarkWaitRoundTrip
// compares park-bw1ms with park). Its costs: a goroutine in a blocking wait
// holds an OS thread, and the socket, for up to d. So at most GOMAXPROCS-1
// goroutines of the process are in one at a time (more park at once, and so
// does every wait when GOMAXPROCS is 1); Close and Term from another
// goroutine wait for it to end, up to d, before they wake it; and waits bound
// to a context.Context that can end (RecvContext and the like) skip it, to
// keep their promise of a prompt return on cancellation. A timeout shorter
// than the blocking wait cuts it to the whole milliseconds left, or skips it.
//
// On Windows, where every wait is zmq_poll in slices (see the package
// documentation, # Waiting), the setting is kept but changes nothing.
func (s *Socket) SetBlockingWait(d time.Duration) error {
	if d < 0 && d != AdaptiveWait {
		return fmt.Errorf("zmqffi: SetBlockingWait(%v): negative: %w", d, syscall.EINVAL)
	}
	if d > 0 {
		d = (d + time.Millisecond - 1).Truncate(time.Millisecond)
	}
	if s.st.closed.Load() {
		return ErrClosed
	}
	s.st.blockingWait.Store(int64(d))
	return nil
}

// BlockingWait returns the blocking wait set by SetBlockingWait: 0 (none, the
// default), AdaptiveWait or the fixed one.
func (s *Socket) BlockingWait() time.Duration { return time.Duration(s.st.blockingWait.Load()) }

// adaptiveWait is a socket's state for AdaptiveWait.
type adaptiveWait struct {
	inproc   atomic.Bool  // the socket has had an inproc endpoint
	lastWait atomic.Int64 // how long its previous wait took, in ns
	streak   int          // waits in a row that a blocking wait ended (guarded by the wait turn)

	// The poll(2) of a blocking wait: ZMQ_FD (fd -1 until the first) and
	// the timeout, on the heap (the socket is) for the system call.
	fds [1]pollFD
	ts  syscall.Timespec
}

// blockAdaptive is the blocking wait of AdaptiveWait: while the window lasts
// (cut to deadline; zero: none, timeout tells which), it polls the socket's
// ZMQ_FD for readability and, whenever it is readable, makes an attempt with
// try. It reports whether try finished; if not, the caller parks.
//
// It polls libzmq's own descriptor, not the dup the netpoller watches: an
// event on a descriptor in Go's epoll set also wakes the thread that sleeps
// in the netpoller, one thread wake-up more per message. The socket is
// locked during the poll, so that a Close from another goroutine cannot
// close the descriptor under it; it waits for the poll instead. ZMQ_FD is
// readable while libzmq's mailbox holds commands, and a failed attempt
// processes them (a send through writableAgain), so every poll sleeps until
// something new comes.
func (st *socketState) blockAdaptive(try func(uintptr) bool, deadline time.Time, timeout time.Duration) bool {
	if !parkOnFD || st.aw.inproc.Load() || time.Duration(st.aw.lastWait.Load()) > adaptiveWindow {
		return false // on Windows every wait is waitPoll's
	}
	end := time.Now().Add(adaptiveWindow)
	if timeout >= 0 && deadline.Before(end) {
		end = deadline
	}
	if !enterBlockingWait() {
		return false
	}
	defer blockingWaiters.Add(-1)
	for {
		left := time.Until(end)
		if left <= 0 {
			return false
		}
		if st.lock() != nil {
			return false // closed: the caller's park reports it
		}
		if st.aw.fds[0].fd == noFD {
			fd, err := st.b.FD()
			if err != nil {
				st.mu.Unlock()
				return false
			}
			st.aw.fds[0] = pollFD{fd: sysFD(fd), events: sysPollIn}
		}
		n, e := sysPoll(st.aw.fds[:], left, &st.aw.ts)
		st.mu.Unlock()
		switch {
		case e == syscall.EINTR:
			continue
		case e != 0 || n == 0:
			return false // timed out, or poll(2) cannot do it here
		}
		if try(0) {
			blockingWaitsReady.Add(1)
			return true
		}
	}
}

// blockInLibzmq is the blocking wait of SetBlockingWait, if the socket has
// one: zmq_poll on the socket alone, for events, until deadline (zero: none;
// timeout tells which). It reports nothing: the caller's next attempt tells
// whether the socket became ready, and its park handles the rest (an EINTR,
// a timeout, a Close).
func (st *socketState) blockInLibzmq(events int32, deadline time.Time, timeout time.Duration) {
	d := time.Duration(st.blockingWait.Load())
	if d <= 0 {
		return
	}
	if timeout >= 0 {
		// zmq_poll rounds up: never past the caller's deadline.
		d = min(d, time.Until(deadline).Truncate(time.Millisecond))
		if d <= 0 {
			return
		}
	}
	// A thread blocked in C keeps its P until sysmon takes it back, which
	// can take milliseconds: one P must stay free for the other goroutines.
	if !enterBlockingWait() {
		return
	}
	defer blockingWaiters.Add(-1)
	if st.lock() != nil {
		return // closed: the caller's attempt reports it
	}
	st.bwItem[0] = abi.PollItem{Socket: st.b.Handle(), Events: int16(events)}
	if n, e := st.ctx.b.PollWith(&st.bwCaller, st.bwItem[:], d); e == 0 && n > 0 {
		blockingWaitsReady.Add(1)
	}
	st.unlock()
}

// enterBlockingWait counts the caller in blockingWaiters, unless
// GOMAXPROCS-1 goroutines are in a blocking wait already; the caller that
// gets true decrements it when its wait ends. The count never goes past the
// bound, even for a moment.
func enterBlockingWait() bool {
	limit := int32(runtime.GOMAXPROCS(0)) - 1
	for {
		n := blockingWaiters.Load()
		if n >= limit {
			return false
		}
		if blockingWaiters.CompareAndSwap(n, n+1) {
			return true
		}
	}
}
