package zmqffi

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// pastDeadline is the read deadline that wakes a parked goroutine at once.
var pastDeadline = time.Unix(1, 0)

// ctxWatch is the bookkeeping of waits bound to a context.Context. A
// context's AfterFunc wakes the parked goroutine by setting a past read
// deadline; mu orders that against the waiter restoring its own deadline, and
// gen (bumped when a wait ends) keeps an AfterFunc that fires late from
// touching a later wait.
type ctxWatch struct {
	mu  sync.Mutex
	gen uint64
}

// waitOp runs one wait of a send or receive: it sets st.op, waits (see
// wait) and returns what the operation left in st.op. Goroutines that share
// the socket wait one at a time, since they share st.op and the poller's
// deadline (enterWait).
func (st *socketState) waitOp(ctx context.Context, events int32, try func(uintptr) bool, timeout time.Duration, op opState) (opState, error) {
	timeout, err := st.enterWait(ctx, events, timeout)
	if err != nil {
		return opState{}, err
	}
	defer st.leaveWait()
	st.op = op
	err = st.wait(ctx, events, try, timeout)
	op = st.op
	st.op = opState{}
	return op, err
}

// enterWait takes the socket's wait turn: a goroutine that has to wait
// while another one waits on the same socket queues here, for at most its
// own timeout and until its ctx is done, and gets the timeout left.
// A Close ends the other wait, and so this one's queueing.
func (st *socketState) enterWait(ctx context.Context, events int32, timeout time.Duration) (time.Duration, error) {
	select {
	case st.waitTurn <- struct{}{}:
		return timeout, nil
	default:
	}
	var expired <-chan time.Time
	start := time.Now()
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	select {
	case st.waitTurn <- struct{}{}:
	case <-expired:
		return 0, timeoutErr(events)
	case <-done:
		return 0, ctx.Err()
	}
	if timeout > 0 {
		if timeout -= time.Since(start); timeout <= 0 {
			st.leaveWait()
			return 0, timeoutErr(events)
		}
	}
	return timeout, nil
}

// leaveWait gives the wait turn to the next goroutine.
func (st *socketState) leaveWait() { <-st.waitTurn }

// wait retries try until it reports done, parking the goroutine in Go's
// netpoller on a dup of ZMQ_FD between attempts, for at most timeout
// (negative: no limit) and until ctx (nil: none) is done. It returns nil when
// try finished (its result is in st.op), ErrClosed, ctx.Err(), or the EAGAIN
// error of a timeout.
//
// ZMQ_FD is edge-triggered and libzmq consumes its edges inside any call on
// the socket. RawConn.Read arms the poller before it calls try, so an edge
// that comes after a failed attempt is never lost; another goroutine's call
// that may have consumed an edge wakes the parked one (see unlock).
//
// A message is consumed only inside try, and when try succeeds Read returns
// nil whatever deadline is pending: a cancellation never loses a message.
func (st *socketState) wait(ctx context.Context, events int32, try func(uintptr) bool, timeout time.Duration) error {
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	bw := time.Duration(st.blockingWait.Load())
	if bw == AdaptiveWait {
		start := time.Now()
		defer func() { st.aw.lastWait.Store(int64(time.Since(start))) }()
		// Not for waits bound to a context: its cancellation could not
		// interrupt the blocking wait's poll.
		if done == nil && st.blockAdaptive(try, deadline, timeout) {
			st.aw.streak++
			if st.aw.streak == dropDupAfter {
				st.dropPollFile()
			}
			return nil
		}
		st.aw.streak = 0
		if timeout > 0 && !time.Now().Before(deadline) {
			return timeoutErr(events)
		}
	}
	f := st.pollFile()
	if f == nil {
		if timeout > 0 {
			timeout = time.Until(deadline)
		}
		return st.waitPoll(ctx, events, try, timeout)
	}
	if timeout > 0 {
		_ = f.SetReadDeadline(deadline)
	}
	if done != nil {
		// Registered only for contexts that can end: AfterFunc allocates.
		st.cw.mu.Lock()
		gen := st.cw.gen
		st.cw.mu.Unlock()
		stop := context.AfterFunc(ctx, func() {
			st.cw.mu.Lock()
			if st.cw.gen == gen {
				_ = f.SetReadDeadline(pastDeadline)
			}
			st.cw.mu.Unlock()
		})
		defer func() {
			stop()
			// A late AfterFunc sees another generation and does nothing; a
			// deadline it set already is cleared here.
			st.cw.mu.Lock()
			st.cw.gen++
			_ = f.SetReadDeadline(time.Time{})
			st.cw.mu.Unlock()
		}()
	}
	if bw > 0 && done == nil {
		st.blockInLibzmq(events, deadline, timeout)
	}
	st.parkedFor.Store(events)
	defer st.parkedFor.Store(0)
	for {
		err := st.rc.Read(try)
		if err == nil {
			if timeout > 0 && done == nil {
				_ = f.SetReadDeadline(time.Time{})
			}
			return nil
		}
		if st.closed.Load() {
			return ErrClosed
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("zmqffi: waiting on ZMQ_FD: %w", err)
		}
		if done != nil {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if timeout > 0 && !time.Now().Before(deadline) {
			if done == nil {
				_ = f.SetReadDeadline(time.Time{})
			}
			return timeoutErr(events)
		}
		// Woken by another call on the socket (see unlock), not by our
		// deadline nor the context: restore the deadline and look again.
		// Under cw.mu, so that a cancellation coming now is not overwritten:
		// its AfterFunc runs after ctx.Err() is set, so either the check
		// below sees it or the AfterFunc sets its deadline after ours.
		st.cw.mu.Lock()
		if done != nil && ctx.Err() != nil {
			st.cw.mu.Unlock()
			return ctx.Err()
		}
		_ = f.SetReadDeadline(deadline)
		st.cw.mu.Unlock()
	}
}

func timeoutErr(events int32) error {
	if events == abi.PollOut {
		return errSendAgain
	}
	return errRecvAgain
}

// dropDupAfter is how many waits in a row that a blocking wait ended make a
// socket close its dup of ZMQ_FD (see dropPollFile).
const dropDupAfter = 16

// dropPollFile closes the dup of ZMQ_FD that a park made, if no goroutine
// can be using it, so that it leaves the netpoller's epoll set: every event
// on a descriptor there wakes the netpoller's thread, one wake-up more for
// each message that a blocking wait takes. The next park makes a new dup.
// Called by the goroutine whose turn it is to wait (enterWait); a socket
// that ever had a Channel keeps its dup, which the Channel's side wakes.
func (st *socketState) dropPollFile() {
	st.mu.Lock()
	if st.rx == nil && st.parkedFor.Load() == 0 && !st.closed.Load() {
		st.closeFile()
	}
	st.mu.Unlock()
}

// pollFile returns the socket's dup of ZMQ_FD, making it on first use, or nil
// when the goroutine cannot park on it (the dup failed, say for lack of file
// descriptors, or the descriptor cannot be polled) and must wait with zmq_poll.
func (st *socketState) pollFile() *os.File {
	if !parkOnFD {
		return nil
	}
	if f := st.file.Load(); f != nil {
		return f
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed.Load() || st.noPark {
		return nil
	}
	if f := st.file.Load(); f != nil {
		return f
	}
	fd, err := st.b.FD()
	if err != nil {
		return nil
	}
	f, rc, err := dupPollable(fd)
	if err != nil {
		if errors.Is(err, os.ErrNoDeadline) {
			st.noPark = true
		}
		return nil
	}
	st.rc = rc
	st.file.Store(f)
	return f
}

// waitPoll is the fallback wait, and the only one on Windows: zmq_poll on
// this one socket, in slices of pollSlice (a cancelled ctx is noticed between
// slices, and Close, which waits for the socket, gets it after one).
func (st *socketState) waitPoll(ctx context.Context, events int32, try func(uintptr) bool, timeout time.Duration) error {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if try(0) {
			return nil
		}
		slice := pollSlice
		if ctx != nil {
			if err := ctx.Err(); err != nil {
				return err
			}
			if d, ok := ctx.Deadline(); ok {
				slice = min(slice, max(time.Until(d), time.Millisecond))
			}
		}
		if timeout > 0 {
			left := time.Until(deadline)
			if left <= 0 {
				return timeoutErr(events)
			}
			slice = min(slice, left)
		}
		if err := st.lock(); err != nil {
			return err
		}
		st.wpItem[0] = abi.PollItem{Socket: st.b.Handle(), Events: int16(events)}
		st.ctx.b.PollWith(&st.wpCaller, st.wpItem[:], slice) // EINTR and errors: the next try tells
		st.mu.Unlock()
	}
}

// dupPollable duplicates fd (close-on-exec) and registers the duplicate with
// Go's netpoller. libzmq made the descriptor non-blocking itself; its flags
// are shared with the dup and must not be changed.
func dupPollable(fd int) (*os.File, syscall.RawConn, error) {
	nfd, err := dupCloexec(fd)
	if err != nil {
		return nil, nil, err
	}
	f := os.NewFile(uintptr(nfd), "zmq-fd")
	if err := f.SetReadDeadline(time.Time{}); err != nil {
		_ = f.Close()
		return nil, nil, err // os.ErrNoDeadline: not pollable
	}
	rc, err := f.SyscallConn()
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	return f, rc, nil
}
