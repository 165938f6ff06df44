package zmqffi

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/ebitengine/purego"

	"github.com/zmqffi/zmqffi/abi"
)

// Message is a received frame whose bytes stay in libzmq's memory until
// Close: receiving it copies nothing. Close it when done (a forgotten Message
// is released by a cleanup, later). A Message may be closed on any
// goroutine, once its bytes are no longer used.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
type Message struct {
	st   *messageState
	data []byte
	more bool
}

type messageState struct {
	mu     sync.Mutex
	m      abi.Msg
	c      abi.Caller
	api    abi.MsgAPI
	closed bool
}

func (st *messageState) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.closed {
		st.closed = true
		st.api.MsgClose(&st.c, &st.m)
	}
}

// Bytes returns the frame's content, in libzmq's memory (or, for small
// frames, in the Message itself). It is valid until Close; copy what must
// outlive it.
func (m *Message) Bytes() []byte { return m.data }

// More reports whether more frames of the same message follow.
func (m *Message) More() bool { return m.more }

// Close releases the frame (zmq_msg_close). It is idempotent; Bytes returns
// nil afterwards.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_close.html
func (m *Message) Close() error {
	m.data = nil
	m.st.close()
	return nil
}

// RecvMessage receives one frame without copying it: the Message's Bytes
// point into libzmq's buffer until the Message is closed. It waits like
// Recv. Worth it for large frames; Recv and RecvInto are simpler for small
// ones.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_recv.html
func (s *Socket) RecvMessage(flags Flag) (*Message, error) {
	zc, ok := s.st.b.(abi.ZeroCopier)
	api, ok2 := s.ctx.st.b.(abi.MsgAPI)
	if !ok || !ok2 {
		return nil, abi.NotSupported(s.ctx.st.b.Version(), "zero-copy receive")
	}
	if b, more, ok, err := s.st.putBack(); ok || err != nil {
		if err != nil {
			return nil, err
		}
		// In Go memory already: a Message with nothing to release.
		return &Message{st: &messageState{closed: true}, data: b, more: more}, nil
	}
	st := &messageState{api: api}
	st.c.Init(s.ctx.st.errnoFn())
	var more bool
	err := s.st.doVia(abi.PollIn, s.RcvTimeout(), flags&DontWait != 0, "zmq_msg_recv", func() (e syscall.Errno) {
		more, e = zc.RecvMsgInto(&st.m, int(flags)|abi.DontWait)
		return e
	})
	if err != nil {
		return nil, err
	}
	msg := &Message{st: st, more: more}
	if p, n := api.MsgData(&st.c, &st.m); n > 0 {
		msg.data = unsafe.Slice((*byte)(abi.CPointer(p)), n)
	} else {
		msg.data = []byte{}
	}
	runtime.AddCleanup(msg, func(st *messageState) { st.close() }, st)
	return msg, nil
}

// Zero-copy sends: libzmq holds the caller's bytes until it calls a free
// function with a hint that names the send. That function is the release
// queue's where there is one (see zcLends below); otherwise, and when the
// queue is full, it is one shared purego callback (purego callbacks are
// never freed, so there is one for the process), whose lends are kept in
// zcPending. zcMu guards both.
var (
	zcOnce    sync.Once
	zcFreeFn  uintptr
	zcMu      sync.Mutex
	zcPending = map[uintptr]*zcLend{}
	zcSeq     atomic.Uintptr
)

// zcLend is a frame lent to libzmq. It is over when libzmq released it and
// the send's outcome is known, in either order: done is called then, if the
// send succeeded.
type zcLend struct {
	data                   []byte // keeps the bytes reachable while libzmq reads them
	done                   func()
	sent, failed, released bool
}

// settle is called, with zcMu held, after one side of the lend of hint
// became known. If the lend is over, it forgets it (a slot of the release
// queue if queued, else an entry of zcPending) and returns the done to call
// outside zcMu: nil if the send failed.
func (l *zcLend) settle(hint uintptr, queued bool) func() {
	if !l.released || !l.sent && !l.failed {
		return nil
	}
	done := l.done
	if l.failed {
		done = nil
	}
	if queued {
		freeLend(hint)
	} else {
		delete(zcPending, hint)
	}
	return done
}

// finishLend runs done, if any, on a goroutine of its own: never user code
// on libzmq's threads nor under zcMu.
func finishLend(done func()) {
	if done != nil {
		go done()
	}
}

// zcFree is the purego callback's zmq_free_fn: libzmq calls it, on any of
// its threads, when it no longer needs the bytes of a zero-copy message. Its
// result, which the C caller of a void function ignores, is there because
// Windows callbacks must return one uintptr.
func zcFree(_, hint uintptr) uintptr {
	zcMu.Lock()
	l := zcPending[hint]
	if l == nil {
		zcMu.Unlock()
		return 0
	}
	l.released = true
	done := l.settle(hint, false)
	zcMu.Unlock()
	finishLend(done)
	return 0
}

// sendLend sends the frame of l with free function ffn and hint, and
// records the outcome (see settle for queued).
func sendLend(zc abi.ZeroCopier, l *zcLend, flags int, ffn, hint uintptr, queued bool) syscall.Errno {
	errno := zc.SendData(uintptr(unsafe.Pointer(unsafe.SliceData(l.data))), len(l.data), ffn, hint, flags)
	zcMu.Lock()
	if errno != 0 {
		l.failed = true // released within SendData
	} else {
		l.sent = true
	}
	done := l.settle(hint, queued)
	zcMu.Unlock()
	finishLend(done)
	return errno
}

// SendZeroCopy sends data as one frame without copying it: libzmq reads the
// caller's bytes directly, so they must not change until done is called
// (from another goroutine) after libzmq has finished with them. If
// SendZeroCopy returns an error, the frame was not sent, done is not
// called, and the bytes are the caller's again at once. It waits like Send.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_init_data.html
func (s *Socket) SendZeroCopy(data []byte, flags Flag, done func()) error {
	zc, ok := s.st.b.(abi.ZeroCopier)
	if !ok {
		return abi.NotSupported(s.ctx.st.b.Version(), "zero-copy send")
	}
	zcOnce.Do(func() {
		zcFreeFn = purego.NewCallback(zcFree)
		startReleaseQueue()
	})
	if len(data) == 0 {
		// Nothing to hold on to: an empty frame is sent the usual way.
		if err := s.Send(nil, flags); err != nil {
			return err
		}
		finishLend(done)
		return nil
	}
	err := s.st.doVia(abi.PollOut, s.SndTimeout(), flags&DontWait != 0, "zmq_msg_send", func() syscall.Errno {
		if errno, queued := sendQueued(zc, data, int(flags)|abi.DontWait, done); queued {
			return errno
		}
		// Each attempt is a lend of its own: a failed one is over when
		// SendData returns.
		// libzmq may run the callback on the thread of any later call that
		// releases a message, a quick one included.
		abi.AllowCallbacks()
		hint := zcSeq.Add(1)
		l := &zcLend{data: data, done: done}
		zcMu.Lock()
		zcPending[hint] = l
		zcMu.Unlock()
		return sendLend(zc, l, int(flags)|abi.DontWait, zcFreeFn, hint, false)
	})
	if err != nil {
		return fmt.Errorf("zmqffi: SendZeroCopy: %w", err)
	}
	return nil
}

// Lent frames released through the release queue (abi.ReleaseQueue), where
// the platform has one: libzmq's free function then runs no Go code, and a
// goroutine (drainReleases) finishes the bookkeeping. zcLends[hint-1] is the
// frame lent with hint; zcFreeHints the hints not in use. Both are guarded
// by zcMu, and made by startReleaseQueue; zcQueueFn is 0 where there is no
// queue.
var (
	zcQueueFn   uintptr
	zcLends     []zcLend
	zcFreeHints []uintptr
)

// startReleaseQueue sets up the release queue, once, with zcOnce held.
func startReleaseQueue() {
	fn, wake, err := abi.ReleaseQueue()
	if err != nil {
		return // the purego callback serves every send
	}
	zcLends = make([]zcLend, abi.ReleaseSlots)
	zcFreeHints = make([]uintptr, 0, abi.ReleaseSlots)
	for h := uintptr(abi.ReleaseSlots); h >= 1; h-- {
		zcFreeHints = append(zcFreeHints, h)
	}
	zcQueueFn = fn
	go drainReleases(wake)
}

// drainReleases runs for the life of the process, finishing the release of
// every lent frame libzmq queued.
func drainReleases(wake *os.File) {
	var b [8]byte
	for {
		if _, err := wake.Read(b[:]); err != nil {
			// Not expected of an eventfd; poll instead of losing releases.
			time.Sleep(time.Millisecond)
		}
		abi.TakeReleased(releaseLent)
	}
}

// releaseLent is the release queue's zcFree: libzmq released the frame lent
// with hint.
func releaseLent(hint uintptr) {
	zcMu.Lock()
	l := &zcLends[hint-1]
	l.released = true
	done := l.settle(hint, true)
	zcMu.Unlock()
	finishLend(done)
}

// freeLend makes hint available again; zcMu is held.
func freeLend(hint uintptr) {
	zcLends[hint-1] = zcLend{}
	zcFreeHints = append(zcFreeHints, hint)
}

// sendQueued is one attempt of SendZeroCopy through the release queue. It
// reports false, having done nothing, where there is no queue or all its
// hints are lent: the caller then uses the purego callback.
func sendQueued(zc abi.ZeroCopier, data []byte, flags int, done func()) (syscall.Errno, bool) {
	if zcQueueFn == 0 {
		return 0, false
	}
	zcMu.Lock()
	n := len(zcFreeHints)
	if n == 0 {
		zcMu.Unlock()
		return 0, false
	}
	hint := zcFreeHints[n-1]
	zcFreeHints = zcFreeHints[:n-1]
	l := &zcLends[hint-1]
	*l = zcLend{data: data, done: done}
	zcMu.Unlock()
	return sendLend(zc, l, flags, zcQueueFn, hint, true), true
}
