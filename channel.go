package zmqffi

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

// Channel connects a socket to Go channels, so that a select can wait for
// its messages next to timers, other channels and other sockets' Channels.
// It receives whole messages from the socket and delivers them on Recv, and
// sends the messages it takes from the channel given to StartChannel; a
// message is a [][]byte of one or more frames.
//
// # Ownership
//
// While a Channel runs it owns the socket's sends and receives: the socket's
// own Send and Recv methods (and the others that send or receive) return an
// error matching syscall.EBUSY until it has stopped. Options, Bind, Connect,
// Monitor and Close stay usable. Do not put the socket in a Poller meanwhile.
//
// # Nothing lost
//
// A Channel holds at most one received message (the one it offers on Recv)
// and reads no further from libzmq until that one is taken, so a slow reader
// holds the peers back at the socket's high-water mark as a slow Recv loop
// would. When the Channel stops (Stop, the end of its context) the message
// it holds is given back to the socket: the socket's next receive returns it
// (whole, with RecvMultipart, or frame by frame), before what libzmq queues,
// and so does the next Channel on the socket.
//
// In the other direction it takes a message from the send channel only once
// it has sent the one before. A message it cannot send is delivered on
// Errors as a *SendError and the Channel goes on; a message it had taken but
// neither sent nor reported when it stopped is returned by Unsent. So every
// message taken from the send channel is sent, received from Errors, or
// returned by Unsent, once; the ones it did not take stay in the channel.
//
// # Ending
//
// A Channel ends when Stop is called, its context ends, the socket or its
// context is closed, a receive fails, or, on a socket that cannot receive
// (PUB, PUSH), the send channel is closed and its messages are sent. Then it
// closes Recv and Errors, and after that Done; Err says why it ended.
type Channel struct {
	st     *socketState
	recvOn bool
	recv   chan [][]byte
	send   <-chan [][]byte
	errs   chan *SendError
	ctx    context.Context
	cancel context.CancelCauseFunc
	wake   chan struct{} // the channel side woke the socket side
	notify chan struct{} // the socket side woke the channel side
	side   chan struct{} // closed when the channel side has returned
	done   chan struct{}

	mu      sync.Mutex
	in      [][]byte   // received, not yet taken from recv
	out     [][]byte   // taken from send, not yet sent
	failed  *SendError // not yet taken from errs
	sendEOF bool       // send was closed

	// Set before done is closed.
	err    error
	unsent [][]byte
}

// SendError is a message a Channel could not send, and the reason.
type SendError struct {
	Msg [][]byte
	Err error
}

// Error describes the failed send.
func (e *SendError) Error() string {
	return fmt.Sprintf("zmqffi: Channel: sending a message of %d frames: %v", len(e.Msg), e.Err)
}

// Unwrap returns the reason.
func (e *SendError) Unwrap() error { return e.Err }

// Causes of a Channel's end that are not errors.
var (
	errChannelStopped = errors.New("zmqffi: Channel stopped")
	errSendClosed     = errors.New("zmqffi: Channel's send channel closed")
)

// StartChannel starts a Channel on the socket (see Channel), until ctx ends
// or Stop. It receives unless the socket type cannot (PUB, PUSH), and sends
// what it takes from send unless send is nil (it must be nil on SUB and
// PULL). It returns an error matching syscall.EBUSY when a Channel runs on
// the socket already, EINVAL for the draft socket types (whose frames carry
// a routing id or group a [][]byte cannot hold) and the directions a type
// lacks, and EFSM when a message was received in part (its other frames must
// be received first).
func (s *Socket) StartChannel(ctx context.Context, send <-chan [][]byte) (*Channel, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	st := s.st
	var recvOn bool
	switch st.typ {
	case PUB, PUSH:
		if send == nil {
			return nil, fmt.Errorf("zmqffi: StartChannel: a %v socket cannot receive, and no send channel was given: %w", st.typ, syscall.EINVAL)
		}
	case SUB, PULL:
		if send != nil {
			return nil, fmt.Errorf("zmqffi: StartChannel: a %v socket cannot send: %w", st.typ, syscall.EINVAL)
		}
		recvOn = true
	case PAIR, REQ, REP, DEALER, ROUTER, XPUB, XSUB, STREAM:
		recvOn = true
	default:
		return nil, fmt.Errorf("zmqffi: StartChannel: %v sockets are not served (their frames carry a routing id or a group): %w", st.typ, syscall.EINVAL)
	}
	ch := &Channel{
		st:     st,
		recvOn: recvOn,
		recv:   make(chan [][]byte),
		send:   send,
		errs:   make(chan *SendError),
		wake:   make(chan struct{}, 1),
		notify: make(chan struct{}, 1),
		side:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if err := st.lock(); err != nil {
		return nil, err
	}
	if st.rx == nil {
		st.rx = &rxState{}
	}
	if err := ch.claimLocked(); err != nil {
		st.mu.Unlock()
		return nil, err
	}
	st.mu.Unlock()
	ch.ctx, ch.cancel = context.WithCancelCause(ctx)
	go ch.runChannels()
	go ch.runSocket(s)
	return ch, nil
}

// claimLocked makes the Channel the socket's owner, with st.mu held, taking
// the message a Channel gave back as the first one to deliver.
func (ch *Channel) claimLocked() error {
	st := ch.st
	rx := st.rx
	if rx.owned {
		return fmt.Errorf("zmqffi: StartChannel: a Channel runs on the socket already: %w", syscall.EBUSY)
	}
	if ch.recvOn {
		half := rx.off > 0
		if rx.pend == nil {
			more, e := st.b.RcvMore()
			if e != 0 {
				return fmt.Errorf("zmqffi: StartChannel: %w", errnoErr("zmq_getsockopt", e))
			}
			half = more
		}
		if half {
			return fmt.Errorf("zmqffi: StartChannel: a message was received in part; receive its other frames first: %w", EFSM)
		}
		ch.in, rx.pend = rx.pend, nil
	}
	rx.owned = true
	return nil
}

// Recv returns the channel on which the received messages arrive. It is
// closed when the Channel ends (on a socket that cannot receive, that is all
// it does), so a reader never waits for a Channel that has stopped.
func (ch *Channel) Recv() <-chan [][]byte { return ch.recv }

// Errors returns the channel on which the messages that could not be sent
// arrive, each with its error. The Channel takes no new message to send
// until the error before is received from it (or the Channel stops, see
// Unsent). It is closed when the Channel ends.
func (ch *Channel) Errors() <-chan *SendError { return ch.errs }

// Done returns a channel that is closed when the Channel has ended and
// given its message back: the socket is the caller's again then.
func (ch *Channel) Done() <-chan struct{} { return ch.done }

// Stop stops the Channel, waits until it has ended (see Done) and returns
// Err. It is idempotent.
func (ch *Channel) Stop() error {
	ch.cancel(errChannelStopped)
	<-ch.done
	return ch.err
}

// Err returns why the Channel ended, once Done is closed: nil after Stop or
// when the send channel was closed, the context's error when it ended, else
// the error of the socket (ErrClosed, ETERM, a receive's error). Before that
// it returns nil.
func (ch *Channel) Err() error {
	select {
	case <-ch.done:
		return ch.err
	default:
		return nil
	}
}

// Unsent returns, once Done is closed, the message the Channel had taken
// from the send channel but neither sent nor delivered on Errors when it
// ended; nil if there was none. Send it again first to keep the order.
func (ch *Channel) Unsent() [][]byte {
	select {
	case <-ch.done:
		return ch.unsent
	default:
		return nil
	}
}

// wakeSocket wakes the socket side after the channel side changed the
// messages it holds: from its wait for the channel side, or from its park on
// the socket (by a past read deadline, as another call on the socket does;
// the socket side looks at the messages again after every wake-up).
func (ch *Channel) wakeSocket() {
	select {
	case ch.wake <- struct{}{}:
	default:
	}
	if f := ch.st.file.Load(); f != nil {
		ch.st.cw.mu.Lock()
		_ = f.SetReadDeadline(pastDeadline)
		ch.st.cw.mu.Unlock()
	}
}

func (ch *Channel) wakeChannels() {
	select {
	case ch.notify <- struct{}{}:
	default:
	}
}

// runChannels is the channel side: it offers the received message on recv,
// the failed one on errs, and takes the next message from send.
func (ch *Channel) runChannels() {
	defer close(ch.side)
	for {
		ch.mu.Lock()
		in, failed := ch.in, ch.failed
		idle := ch.out == nil && ch.failed == nil
		take := ch.send != nil && !ch.sendEOF && idle
		if ch.sendEOF && !ch.recvOn && idle {
			ch.mu.Unlock()
			ch.cancel(errSendClosed)
			return
		}
		ch.mu.Unlock()
		var (
			recvC chan<- [][]byte
			errC  chan<- *SendError
			sendC <-chan [][]byte
		)
		if in != nil {
			recvC = ch.recv
		}
		if failed != nil {
			errC = ch.errs
		}
		if take {
			sendC = ch.send
		}
		select {
		case recvC <- in:
			ch.mu.Lock()
			ch.in = nil
			ch.mu.Unlock()
			ch.wakeSocket()
		case errC <- failed:
			ch.mu.Lock()
			ch.failed = nil
			ch.mu.Unlock()
		case m, ok := <-sendC:
			ch.mu.Lock()
			switch {
			case !ok:
				ch.sendEOF = true
			case len(m) == 0:
				ch.failed = &SendError{Msg: m, Err: fmt.Errorf("zmqffi: a message has at least one frame: %w", syscall.EINVAL)}
			default:
				ch.out = m
			}
			ch.mu.Unlock()
			ch.wakeSocket()
		case <-ch.notify:
		case <-ch.ctx.Done():
			return
		}
	}
}

// socketSide is the socket side's state between its attempts.
type socketSide struct {
	partial     [][]byte // frames of a message received in part
	sent        int      // frames of ch.out sent
	recvBlocked bool     // a receive failed with EFSM (REQ before its send)

	// The outcome of the last attempt.
	received [][]byte
	sendDone bool
	sendErr  error
	fatal    error
}

// runSocket is the socket side: the one goroutine that sends and receives on
// the socket while the Channel runs, parked on it between attempts.
func (ch *Channel) runSocket(s *Socket) {
	st := ch.st
	var ss socketSide
	for {
		ch.mu.Lock()
		wantIn := ch.recvOn && ch.in == nil && !ss.recvBlocked
		out := ch.out
		ch.mu.Unlock()
		// Half a message is finished whatever the context says.
		mid := ss.partial != nil || ss.sent > 0
		if !mid && ch.ctx.Err() != nil {
			break
		}
		var events int32
		if wantIn || ss.partial != nil {
			events |= abi.PollIn
		}
		if out != nil {
			events |= abi.PollOut
		}
		if events == 0 {
			select {
			case <-ch.wake:
			case <-ch.ctx.Done():
			}
			continue
		}
		try := func(uintptr) bool { return ch.attempt(&ss, events&abi.PollIn != 0, out) }
		var wctx context.Context = ch.ctx
		if mid {
			wctx = nil
		}
		err := st.wait(wctx, events, try, -1)
		if err != nil && ss.fatal == nil && ch.ctx.Err() == nil {
			ss.fatal = err
		}
		if ss.fatal != nil {
			ch.cancel(ss.fatal)
			break
		}
		ch.apply(&ss, out)
	}
	<-ch.side
	ch.finish(ss.fatal)
	runtime.KeepAlive(s) // no cleanup closes the socket while the Channel runs
}

// attempt is the socket side's try (see socketState.wait): one round of
// non-blocking sends and receives. It returns true when something came of
// it, or when the channel side changed what the socket side should do.
func (ch *Channel) attempt(ss *socketSide, wantIn bool, out [][]byte) bool {
	st := ch.st
	ch.mu.Lock()
	changed := ch.out == nil && out != nil || ch.out != nil && out == nil ||
		ss.partial == nil && wantIn != (ch.recvOn && ch.in == nil && !ss.recvBlocked)
	ch.mu.Unlock()
	if changed {
		return true
	}
	if err := st.lock(); err != nil {
		ss.fatal = err
		return true
	}
	defer st.mu.Unlock()
	progress := false
	if out != nil {
		// One more try after a send found no room while ZMQ_EVENTS says
		// there is (see writableAgain), not more: a ROUTER with
		// ROUTER_MANDATORY is writable while one peer's pipe is full.
		retried := false
		for ss.sent < len(out) {
			f := abi.DontWait
			if ss.sent < len(out)-1 {
				f |= abi.SndMore
			}
			e := st.b.Send(out[ss.sent], f)
			if e == syscall.EINTR {
				continue
			}
			if e == syscall.EAGAIN && ss.sent == 0 && !retried && st.writableAgain() {
				retried = true
				continue
			}
			if e == syscall.EAGAIN {
				break
			}
			if e == ETERM {
				ss.fatal = errnoErr("zmq_send", e)
				return true
			}
			if e != 0 {
				ss.sendErr = errnoErr("zmq_send", e)
				if ss.sent > 0 {
					ss.sendErr = fmt.Errorf("zmqffi: after %d of %d frames: %w", ss.sent, len(out), ss.sendErr)
				}
				break
			}
			ss.sent++
		}
		if ss.sent == len(out) || ss.sendErr != nil {
			ss.sendDone = ss.sendErr == nil
			progress = true
		}
	}
	for wantIn {
		b, more, e := st.b.Recv(abi.DontWait)
		if e == syscall.EINTR {
			continue
		}
		if e == syscall.EAGAIN {
			break
		}
		if e != 0 {
			if e == EFSM && ss.partial == nil {
				ss.recvBlocked = true // REQ: nothing to receive before a send
			} else {
				ss.fatal = errnoErr("zmq_recv", e)
			}
			return true
		}
		ss.partial = append(ss.partial, b)
		if !more {
			ss.received, ss.partial = ss.partial, nil
			return true
		}
	}
	return progress
}

// apply hands the outcome of the last attempt to the channel side.
func (ch *Channel) apply(ss *socketSide, out [][]byte) {
	if ss.received == nil && !ss.sendDone && ss.sendErr == nil {
		return
	}
	ch.mu.Lock()
	if ss.received != nil {
		ch.in, ss.received = ss.received, nil
	}
	if ss.sendDone || ss.sendErr != nil {
		if ss.sendErr != nil {
			ch.failed = &SendError{Msg: out, Err: ss.sendErr}
		} else {
			ss.recvBlocked = false
		}
		ch.out = nil
		ss.sent, ss.sendDone, ss.sendErr = 0, false, nil
	}
	ch.mu.Unlock()
	ch.wakeChannels()
}

// finish gives the held message back to the socket, records why the Channel
// ended and what it did not send, and closes its channels.
func (ch *Channel) finish(fatal error) {
	st := ch.st
	st.mu.Lock()
	ch.mu.Lock()
	st.rx.owned = false
	if ch.in != nil && !st.closed.Load() {
		st.rx.pend, st.rx.off = ch.in, 0
	}
	ch.in = nil
	ch.unsent = ch.out
	if ch.failed != nil {
		ch.unsent = ch.failed.Msg
	}
	ch.mu.Unlock()
	st.mu.Unlock()
	switch cause := context.Cause(ch.ctx); {
	case fatal != nil:
		ch.err = fatal
	case cause == errChannelStopped || cause == errSendClosed:
	default:
		ch.err = ch.ctx.Err()
	}
	close(ch.recv)
	close(ch.errs)
	close(ch.done)
}
