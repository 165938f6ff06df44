package zmqffi

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
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

// Zero-copy sends: libzmq holds the caller's bytes until it calls one
// shared free function (purego callbacks are never freed, so there is one
// for the process), with a hint that names the send.
var (
	zcOnce    sync.Once
	zcFreeFn  uintptr
	zcMu      sync.Mutex
	zcPending = map[uintptr]*zcEntry{}
	zcSeq     atomic.Uintptr
)

type zcEntry struct {
	data           []byte // keeps the bytes reachable while libzmq reads them
	done           func()
	sent, released bool
}

// zcFree is zmq_free_fn: libzmq calls it, on any of its threads, when it no
// longer needs the bytes of a zero-copy message.
func zcFree(_, hint uintptr) {
	zcMu.Lock()
	e := zcPending[hint]
	if e == nil {
		zcMu.Unlock()
		return
	}
	e.released = true
	if !e.sent {
		zcMu.Unlock() // SendZeroCopy finishes the bookkeeping
		return
	}
	delete(zcPending, hint)
	zcMu.Unlock()
	if e.done != nil {
		go e.done() // never run user code on libzmq's I/O thread
	}
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
	zcOnce.Do(func() { zcFreeFn = purego.NewCallback(zcFree) })
	if len(data) == 0 {
		// Nothing to hold on to: an empty frame is sent the usual way.
		if err := s.Send(nil, flags); err != nil {
			return err
		}
		if done != nil {
			go done()
		}
		return nil
	}
	var hint uintptr
	err := s.st.doVia(abi.PollOut, s.SndTimeout(), flags&DontWait != 0, "zmq_msg_send", func() syscall.Errno {
		hint = zcSeq.Add(1)
		e := &zcEntry{data: data, done: done}
		zcMu.Lock()
		zcPending[hint] = e
		zcMu.Unlock()
		errno := zc.SendData(uintptr(unsafe.Pointer(unsafe.SliceData(data))), len(data), zcFreeFn, hint, int(flags)|abi.DontWait)
		zcMu.Lock()
		defer zcMu.Unlock()
		if errno != 0 {
			// libzmq released the failed message (and called zcFree) inside
			// SendData; the next attempt gets a new entry.
			delete(zcPending, hint)
			return errno
		}
		e.sent = true
		if e.released { // libzmq finished before we got here
			delete(zcPending, hint)
			if done != nil {
				go done()
			}
		}
		return 0
	})
	if err != nil {
		return fmt.Errorf("zmqffi: SendZeroCopy: %w", err)
	}
	return nil
}
