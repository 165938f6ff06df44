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

// SetBlockingWait makes a send or receive that has to wait first block
// inside libzmq, in zmq_poll on this socket, for up to d, and only then park
// in Go's netpoller as usual. d is rounded up to whole milliseconds (the
// unit of zmq_poll from libzmq 3.x on); 0, the default, turns it off;
// negative is an error.
//
// It trades an OS thread for latency. A goroutine parked in the netpoller is
// woken by Go's scheduler, which costs a thread wake-up or two more than a
// thread blocked in the kernel, as a C program's is: a round trip to a peer in
// another process gets shorter. Between two goroutines of one process, whom
// Go's scheduler hands the CPU without sleeping, a blocked thread only adds
// wake-ups, and the round trip gets longer. Use it for sockets whose peers are
// in other processes, and measure (scripts/bench/run compares zmqffi-bw with
// zmqffi; BenchmarkWaitRoundTrip compares park-bw1ms with park).
//
// The costs: a goroutine in a blocking wait holds an OS thread, and the
// socket, for up to d. So at most GOMAXPROCS-1 goroutines of the process are
// in one at a time (more park at once, as without the option, and so does
// every wait when GOMAXPROCS is 1); Close and Term from another goroutine
// wait for it to end, up to d, before they wake it; and waits bound to a
// context.Context that can end (RecvContext and the like) skip it, to keep
// their promise of a prompt return on cancellation. A timeout shorter than
// the blocking wait cuts it to the whole milliseconds left, or skips it.
//
// On Windows, where every wait is zmq_poll in slices (see the package
// documentation, # Waiting), the option is kept but changes nothing.
func (s *Socket) SetBlockingWait(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("zmqffi: SetBlockingWait(%v): negative: %w", d, syscall.EINVAL)
	}
	d = (d + time.Millisecond - 1).Truncate(time.Millisecond)
	if s.st.closed.Load() {
		return ErrClosed
	}
	s.st.blockingWait.Store(int64(d))
	return nil
}

// BlockingWait returns the blocking wait set by SetBlockingWait (0: none).
func (s *Socket) BlockingWait() time.Duration { return time.Duration(s.st.blockingWait.Load()) }

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
	if blockingWaiters.Add(1) > int32(runtime.GOMAXPROCS(0))-1 {
		blockingWaiters.Add(-1)
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
