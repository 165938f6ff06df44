package zmqffi

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

// eintrRetries counts the libzmq calls of the send and receive paths that
// returned EINTR and were retried (tests read it; it costs nothing otherwise).
var eintrRetries atomic.Uint64

// Send queues data as one frame (a whole message unless flags has SndMore).
// libzmq copies data; the caller keeps it. Without DontWait, Send waits while
// the socket cannot accept the frame (high-water mark reached, no peer yet on
// some socket types), at most the send timeout; a timeout returns an error
// matching syscall.EAGAIN. A nil or empty data sends an empty frame.
//
// https://libzmq.readthedocs.io/en/latest/zmq_send.html
func (s *Socket) Send(data []byte, flags Flag) error {
	err := s.st.send(nil, data, flags)
	// While the call waits, the caller may hold the Socket nowhere else: keep
	// the cleanup from closing it under the waiting goroutine.
	runtime.KeepAlive(s)
	return err
}

// SendContext is Send that also gives up when ctx is done, returning
// ctx.Err(): at once, without sending, if ctx is done already, and promptly
// (microseconds) if ctx ends while the send waits. The frame is then not
// queued and the socket stays usable. The send timeout still applies; a nil
// ctx is taken as context.Background().
//
// https://libzmq.readthedocs.io/en/latest/zmq_send.html
func (s *Socket) SendContext(ctx context.Context, data []byte, flags Flag) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	err := s.st.send(ctx, data, flags)
	runtime.KeepAlive(s)
	return err
}

func (st *socketState) send(ctx context.Context, data []byte, flags Flag) error {
	if err := st.lock(); err != nil {
		return err
	}
	if st.rx != nil && st.rx.owned {
		st.mu.Unlock()
		return errChannelOwns
	}
	var e syscall.Errno
	for {
		if e = st.b.Send(data, int(flags)|abi.DontWait); e != syscall.EINTR {
			break
		}
		eintrRetries.Add(1)
	}
	st.unlock()
	if e != syscall.EAGAIN || flags&DontWait != 0 {
		return errnoErr("zmq_send", e)
	}
	timeout := time.Duration(st.sndTimeout.Load())
	if timeout == 0 {
		return errSendAgain
	}
	op, err := st.waitOp(ctx, abi.PollOut, st.trySend, timeout, opState{buf: data, flags: int(flags) | abi.DontWait})
	if err != nil {
		return err
	}
	return op.result("zmq_send")
}

// ctxErr is ctx.Err() for a context that may be nil (none).
func ctxErr(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// SendString is Send for a string, without copying it first.
func (s *Socket) SendString(data string, flags Flag) error {
	return s.Send(unsafe.Slice(unsafe.StringData(data), len(data)), flags)
}

// SendMultipart sends parts as one message: every part but the last with
// SndMore. flags applies to every part (DontWait, or SndMore to continue the
// message in a later call). libzmq delivers a message whole or not at all.
// At least one part is needed.
//
// The message is sent in one hold of the socket's lock: a goroutine that
// shares the socket (which a Socket's doc advises against) cannot slip
// frames of its own between its frames.
//
// https://libzmq.readthedocs.io/en/latest/zmq_send.html
func (s *Socket) SendMultipart(parts [][]byte, flags Flag) error {
	err := s.st.sendMultipart(nil, parts, flags)
	runtime.KeepAlive(s)
	return err
}

// SendMultipartContext is SendMultipart whose first part is sent with
// SendContext: when ctx ends before libzmq accepted that part, nothing of the
// message is sent and ctx.Err() is returned. Once the first part is queued,
// libzmq takes the others of the same message without waiting for room, and
// they are sent whatever ctx does, so that no half message is left behind.
//
// https://libzmq.readthedocs.io/en/latest/zmq_send.html
func (s *Socket) SendMultipartContext(ctx context.Context, parts [][]byte, flags Flag) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	err := s.st.sendMultipart(ctx, parts, flags)
	runtime.KeepAlive(s)
	return err
}

// sendMultipart sends a whole message in one hold of st.mu, so that no
// other goroutine's frames come between its frames. libzmq takes the frames
// after the first without waiting for room (the high-water mark counts
// messages), so only the first may have to wait, and it waits with none
// sent.
func (st *socketState) sendMultipart(ctx context.Context, parts [][]byte, flags Flag) error {
	if len(parts) == 0 {
		return fmt.Errorf("zmqffi: SendMultipart with no parts: a message has at least one frame: %w", syscall.EINVAL)
	}
	if err := st.lock(); err != nil {
		return err
	}
	if st.ownedLocked() {
		st.mu.Unlock()
		return errChannelOwns
	}
	f := int(flags) | abi.DontWait
	sent, e := st.sendFramesLocked(parts, f)
	st.unlock()
	if sent == 0 && e == syscall.EAGAIN && flags&DontWait == 0 {
		timeout := time.Duration(st.sndTimeout.Load())
		if timeout == 0 {
			return errSendAgain
		}
		op, err := st.waitOp(ctx, abi.PollOut, st.trySendMulti, timeout, opState{parts: parts, flags: f})
		if err != nil {
			return err
		}
		if op.closed {
			return ErrClosed
		}
		sent, e = op.n, op.errno
	}
	// A later frame refused for lack of room, which libzmq does not do, is
	// sent with waiting, frame by frame.
	if e == syscall.EAGAIN && sent > 0 {
		for ; sent < len(parts); sent++ {
			if err := st.send(nil, parts[sent], frameFlags(flags, sent, len(parts))); err != nil {
				return fmt.Errorf("zmqffi: SendMultipart: part %d of %d: %w", sent+1, len(parts), err)
			}
		}
		return nil
	}
	if e != 0 && sent > 0 {
		return fmt.Errorf("zmqffi: SendMultipart: part %d of %d: %w", sent+1, len(parts), errnoErr("zmq_send", e))
	}
	return errnoErr("zmq_send", e)
}

// frameFlags are the flags of frame i of an n-frame message: SndMore on
// every frame but the last.
func frameFlags(flags Flag, i, n int) Flag {
	if i < n-1 {
		return flags | SndMore
	}
	return flags
}

// sendFramesLocked makes one non-blocking attempt, with st.mu held, to send
// the frames of a message, retrying EINTR; it stops at the first error and
// returns how many frames were sent.
func (st *socketState) sendFramesLocked(parts [][]byte, flags int) (int, syscall.Errno) {
	for i, p := range parts {
		f := int(frameFlags(Flag(flags), i, len(parts)))
		for {
			e := st.b.Send(p, f)
			if e == 0 {
				break
			}
			if e != syscall.EINTR {
				return i, e
			}
			eintrRetries.Add(1)
		}
	}
	return len(parts), 0
}

// Recv receives one frame into a new slice (empty, not nil, for an empty
// frame). Use RcvMore to learn whether more frames of the message follow.
// Without DontWait it waits for a frame at most the receive timeout; a
// timeout returns an error matching syscall.EAGAIN.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
func (s *Socket) Recv(flags Flag) ([]byte, error) {
	b, _, err := s.st.recv(nil, flags)
	runtime.KeepAlive(s)
	return b, err
}

// RecvContext is Recv that also gives up when ctx is done, returning
// ctx.Err(): at once, without receiving, if ctx is done already, and promptly
// (microseconds) if ctx ends while the receive waits. No message is lost: a
// frame is either returned or left queued, and the socket stays usable. The
// receive timeout still applies; a nil ctx is taken as context.Background().
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
func (s *Socket) RecvContext(ctx context.Context, flags Flag) ([]byte, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	b, _, err := s.st.recv(ctx, flags)
	runtime.KeepAlive(s)
	return b, err
}

// RecvString is Recv returning a string.
func (s *Socket) RecvString(flags Flag) (string, error) {
	b, _, err := s.st.recv(nil, flags)
	runtime.KeepAlive(s)
	return string(b), err
}

// RecvMultipart receives every frame of one message, in one hold of the
// socket's lock: a goroutine that shares the socket cannot take a frame of
// it.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
func (s *Socket) RecvMultipart(flags Flag) ([][]byte, error) {
	parts, err := s.st.recvMultipart(nil, flags)
	runtime.KeepAlive(s)
	return parts, err
}

// RecvMultipartContext is RecvMultipart whose wait for the first frame ends
// with ctx.Err() when ctx is done (see RecvContext). The other frames of a
// message arrive with its first, so they are read whatever ctx does: a
// message is returned whole or left queued.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
func (s *Socket) RecvMultipartContext(ctx context.Context, flags Flag) ([][]byte, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	parts, err := s.st.recvMultipart(ctx, flags)
	runtime.KeepAlive(s)
	return parts, err
}

// recvMultipart receives a whole message in one hold of st.mu, so that no
// other goroutine takes one of its frames. libzmq hands a message to the
// socket whole, so only the first frame may have to wait.
func (st *socketState) recvMultipart(ctx context.Context, flags Flag) ([][]byte, error) {
	if err := st.lock(); err != nil {
		return nil, err
	}
	if st.rx != nil {
		if parts, err := st.putBackPartsLocked(); parts != nil || err != nil {
			st.mu.Unlock()
			return parts, err
		}
	}
	f := int(flags) | abi.DontWait
	parts, more, e := st.recvFramesLocked(f)
	st.unlock()
	if len(parts) == 0 && e == syscall.EAGAIN && flags&DontWait == 0 {
		timeout := time.Duration(st.rcvTimeout.Load())
		if timeout == 0 {
			return nil, errRecvAgain
		}
		op, err := st.waitOp(ctx, abi.PollIn, st.tryRecvMulti, timeout, opState{flags: f})
		if err != nil {
			return nil, err
		}
		if op.closed {
			return nil, ErrClosed
		}
		parts, more, e = op.parts, op.more, op.errno
	}
	if len(parts) == 0 {
		return nil, errnoErr("zmq_recv", e)
	}
	// The rest of a message that libzmq did not have yet, which it does
	// not do, is received with waiting, frame by frame.
	for e == syscall.EAGAIN || (e == 0 && more) {
		var b []byte
		var err error
		if b, more, err = st.recv(nil, flags&^DontWait); err != nil {
			return nil, fmt.Errorf("zmqffi: RecvMultipart: after %d parts: %w", len(parts), err)
		}
		parts = append(parts, b)
		e = 0
	}
	if e != 0 {
		return nil, fmt.Errorf("zmqffi: RecvMultipart: after %d parts: %w", len(parts), errnoErr("zmq_recv", e))
	}
	return parts, nil
}

// recvFramesLocked makes one non-blocking attempt, with st.mu held, to
// receive the frames of a message, retrying EINTR; it stops at the first
// error or at the message's last frame (more false).
func (st *socketState) recvFramesLocked(flags int) (parts [][]byte, more bool, e syscall.Errno) {
	for {
		var b []byte
		if b, more, e = st.b.Recv(flags); e == syscall.EINTR {
			eintrRetries.Add(1)
			continue
		}
		if e != 0 {
			return parts, false, e
		}
		parts = append(parts, b)
		if !more {
			return parts, false, 0
		}
	}
}

// RecvInto receives one frame into buf without allocating and returns the
// frame's full size: when it is larger than len(buf), the frame was truncated
// to fit, as zmq_recv does.
//
// https://libzmq.readthedocs.io/en/latest/zmq_recv.html
func (s *Socket) RecvInto(buf []byte, flags Flag) (int, error) {
	n, err := s.st.recvInto(nil, buf, flags)
	runtime.KeepAlive(s)
	return n, err
}

// RecvIntoContext is RecvInto that also gives up when ctx is done, returning
// ctx.Err() (see RecvContext). It allocates only when it has to wait on a ctx
// that can end (for context.AfterFunc).
//
// https://libzmq.readthedocs.io/en/latest/zmq_recv.html
func (s *Socket) RecvIntoContext(ctx context.Context, buf []byte, flags Flag) (int, error) {
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	n, err := s.st.recvInto(ctx, buf, flags)
	runtime.KeepAlive(s)
	return n, err
}

func (st *socketState) recvInto(ctx context.Context, buf []byte, flags Flag) (int, error) {
	if err := st.lock(); err != nil {
		return 0, err
	}
	if st.rx != nil {
		if b, _, ok, err := st.putBackLocked(); ok || err != nil {
			st.mu.Unlock()
			copy(buf, b) // truncated to buf, as zmq_recv does
			return len(b), err
		}
	}
	var (
		n int
		e syscall.Errno
	)
	for {
		if n, e = st.b.RecvInto(buf, int(flags)|abi.DontWait); e != syscall.EINTR {
			break
		}
		eintrRetries.Add(1)
	}
	st.unlock()
	if e == 0 {
		return n, nil
	}
	if e != syscall.EAGAIN || flags&DontWait != 0 {
		return 0, errnoErr("zmq_recv", e)
	}
	timeout := time.Duration(st.rcvTimeout.Load())
	if timeout == 0 {
		return 0, errRecvAgain
	}
	op, err := st.waitOp(ctx, abi.PollIn, st.tryRecvIn, timeout, opState{buf: buf, flags: int(flags) | abi.DontWait})
	if err != nil {
		return 0, err
	}
	return op.n, op.result("zmq_recv")
}

func (st *socketState) recv(ctx context.Context, flags Flag) ([]byte, bool, error) {
	if err := st.lock(); err != nil {
		return nil, false, err
	}
	if st.rx != nil {
		if b, more, ok, err := st.putBackLocked(); ok || err != nil {
			st.mu.Unlock()
			return b, more, err
		}
	}
	var (
		out  []byte
		more bool
		e    syscall.Errno
	)
	for {
		if out, more, e = st.b.Recv(int(flags) | abi.DontWait); e != syscall.EINTR {
			break
		}
		eintrRetries.Add(1)
	}
	st.unlock()
	if e == 0 {
		return out, more, nil
	}
	if e != syscall.EAGAIN || flags&DontWait != 0 {
		return nil, false, errnoErr("zmq_recv", e)
	}
	timeout := time.Duration(st.rcvTimeout.Load())
	if timeout == 0 {
		return nil, false, errRecvAgain
	}
	op, err := st.waitOp(ctx, abi.PollIn, st.tryRecv, timeout, opState{flags: int(flags) | abi.DontWait})
	if err != nil {
		return nil, false, err
	}
	if err := op.result("zmq_recv"); err != nil {
		return nil, false, err
	}
	return op.out, op.more, nil
}

func (op *opState) result(name string) error {
	if op.closed {
		return ErrClosed
	}
	return errnoErr(name, op.errno)
}

// opKind is the operation a waiting goroutine retries.
type opKind uint8

const (
	opRecvInto opKind = iota
	opRecv
	opSend
	opRecvMulti
	opSendMulti
)

// tryOnce runs inside the poller's read loop (as st.tryRecvIn, st.tryRecv
// or st.trySend, bound once per socket): it makes one non-blocking attempt
// of the operation in st.op and returns false to park until ZMQ_FD signals.
func (st *socketState) tryOnce(kind opKind) bool {
	for {
		st.mu.Lock()
		if st.closed.Load() {
			st.mu.Unlock()
			st.op.closed = true
			return true
		}
		var e syscall.Errno
		switch kind {
		case opRecvInto:
			st.op.n, e = st.b.RecvInto(st.op.buf, st.op.flags)
		case opRecv:
			st.op.out, st.op.more, e = st.b.Recv(st.op.flags)
		case opSend:
			e = st.b.Send(st.op.buf, st.op.flags)
			if e == syscall.EAGAIN && st.writableAgain() {
				st.mu.Unlock()
				continue
			}
		case opRecvMulti:
			st.op.parts, st.op.more, e = st.recvFramesLocked(st.op.flags)
			if len(st.op.parts) > 0 {
				st.mu.Unlock()
				st.op.errno = e
				return true // the caller finishes a message begun
			}
		case opSendMulti:
			st.op.n, e = st.sendFramesLocked(st.op.parts, st.op.flags)
			if st.op.n > 0 {
				st.mu.Unlock()
				st.op.errno = e
				return true
			}
			if e == syscall.EAGAIN && st.writableAgain() {
				st.mu.Unlock()
				continue
			}
		}
		st.mu.Unlock()
		switch e {
		case syscall.EINTR:
			eintrRetries.Add(1)
			continue
		case syscall.EAGAIN:
			return false
		}
		st.op.errno = e
		return true
	}
}

// writableAgain is asked, with st.mu held, after a send found no room.
// zmq_send throttles its command processing, so it may leave the
// activate_write that freed the pipe unread while the edge that announced it
// is gone. ZMQ_EVENTS processes commands unthrottled: if the socket is
// writable now, the send is worth trying again, and so it is after an EINTR
// that may have come after the edge was consumed.
func (st *socketState) writableAgain() bool {
	ev, e := st.b.Events()
	if e == syscall.EINTR {
		eintrRetries.Add(1)
		return true
	}
	return e == 0 && ev&abi.PollOut != 0
}
