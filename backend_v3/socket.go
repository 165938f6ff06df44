package backend_v3

import (
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

// Option numbers that the send and receive path reads directly.
const (
	optRcvMore = 13 // ZMQ_RCVMORE: int from 3.x
	optFD      = 14 // ZMQ_FD
	optEvents  = 15 // ZMQ_EVENTS: int from 3.x
)

// Socket is a socket of the 3.x-and-later buffer ABI. It is not safe for
// concurrent use; package zmqffi serialises calls.
type Socket struct {
	abi.Options
	b *Backend
	h uintptr

	c      abi.Caller
	msg    abi.Msg // scratch for calls that init and close a message within one call
	optval int64   // getsockopt scratch on the heap (the Socket is)
	optlen uintptr // size_t

	// rmsg is the message Recv receives into. It is initialised on the
	// first Recv and kept: zmq_msg_recv releases what a message held before
	// it receives into it ("any content previously stored in msg shall be
	// properly deallocated", zmq_msg_recv(3)), so a small frame costs no
	// zmq_msg_init nor zmq_msg_close. A frame larger than keepRecvMsg is
	// released at once, not kept until the next receive; Close releases the
	// last one.
	rmsg     abi.Msg
	rmsgInit bool
}

// keepRecvMsg is the largest frame whose libzmq buffer Recv keeps until the
// next receive: frames up to 33 bytes are stored in the zmq_msg_t itself
// (libzmq 4.x; 29 bytes in 3.x), and a few KiB held per socket cost less
// than two more calls per frame; larger frames cost a copy that dwarfs them.
const keepRecvMsg = 4096

var _ abi.Socket = (*Socket)(nil)

// newSocket wraps the socket handle h of backend b.
func newSocket(b *Backend, h uintptr) *Socket {
	s := &Socket{b: b, h: h}
	s.c.Init(b.sym.Errno)
	s.Options = abi.Options{Table: b.Table(), Version: b.Version(), Raw: s}
	return s
}

// Handle implements abi.Socket.
func (s *Socket) Handle() uintptr { return s.h }

// Close implements abi.Socket (zmq_close), first releasing the message
// Recv kept. Close may be called again after EINTR.
func (s *Socket) Close() syscall.Errno {
	if s.rmsgInit {
		s.c.Raw(s.b.sym.MsgClose, uintptr(s.rmsg.Ptr()), 0, 0, 0, 0)
		s.rmsgInit = false
	}
	_, e := s.c.Int(s.b.sym.Close, s.h, 0, 0, 0, 0)
	return e
}

func (s *Socket) endpointCall(fn uintptr, endpoint string) error {
	cs, ok := abi.CString(endpoint)
	if !ok {
		return syscall.EINVAL
	}
	_, e := s.c.Int(fn, s.h, uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0)
	return abi.Errno(e)
}

// Bind implements abi.Socket (zmq_bind).
func (s *Socket) Bind(endpoint string) error { return s.endpointCall(s.b.sym.Bind, endpoint) }

// Connect implements abi.Socket (zmq_connect).
func (s *Socket) Connect(endpoint string) error { return s.endpointCall(s.b.sym.Connect, endpoint) }

// Unbind implements abi.Socket (zmq_unbind).
func (s *Socket) Unbind(endpoint string) error { return s.endpointCall(s.b.sym.Unbind, endpoint) }

// Disconnect implements abi.Socket (zmq_disconnect).
func (s *Socket) Disconnect(endpoint string) error {
	return s.endpointCall(s.b.sym.Disconnect, endpoint)
}

// Send implements abi.Socket with one zmq_send; with DontWait it is a
// quick call (abi.Caller), since it cannot block.
func (s *Socket) Send(b []byte, flags int) syscall.Errno {
	if flags&abi.DontWait != 0 {
		_, e := s.c.QuickInt(s.b.sym.Send, s.h, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
		return e
	}
	_, e := s.c.Int(s.b.sym.Send, s.h, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
	return e
}

// RecvInto implements abi.Socket with one zmq_recv, which returns the full
// frame size even when it copied less; a quick call with DontWait.
func (s *Socket) RecvInto(b []byte, flags int) (int, syscall.Errno) {
	if flags&abi.DontWait != 0 {
		return s.c.QuickInt(s.b.sym.Recv, s.h, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
	}
	return s.c.Int(s.b.sym.Recv, s.h, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
}

// Recv implements abi.Socket with zmq_msg_recv on the socket's kept receive
// message (see rmsg), followed by zmq_msg_data and zmq_msg_more in the same
// crossing into C (abi.Caller.IntThen; a quick one with DontWait), and one
// copy; zmq_msg_close and zmq_msg_init follow a frame larger than
// keepRecvMsg.
func (s *Socket) Recv(flags int) ([]byte, bool, syscall.Errno) {
	sym, m := &s.b.sym, uintptr(s.rmsg.Ptr())
	if !s.rmsgInit {
		s.c.Raw(sym.MsgInit, m, 0, 0, 0, 0) // cannot fail
		s.rmsgInit = true
	}
	n, data, more, e := s.c.IntThen(flags&abi.DontWait != 0, sym.MsgRecv, m, s.h, uintptr(flags), sym.MsgData, sym.MsgMore)
	if e != 0 {
		return nil, false, e // the message is still initialised (and empty)
	}
	out := abi.CopyC(data, n)
	if n > keepRecvMsg {
		s.c.QuickRaw(sym.MsgClose, m, 0, 0, 0, 0)
		s.c.QuickRaw(sym.MsgInit, m, 0, 0, 0, 0)
	}
	return out, abi.Int32(more) != 0, 0
}

// getInt32 reads an int option into the socket's scratch space (a quick
// call: getsockopt does not block).
func (s *Socket) getInt32(num int) (int32, syscall.Errno) {
	s.optval, s.optlen = 0, 4
	_, e := s.c.QuickInt(s.b.sym.Getsockopt, s.h, uintptr(num), uintptr(unsafe.Pointer(&s.optval)), uintptr(unsafe.Pointer(&s.optlen)), 0)
	return *(*int32)(unsafe.Pointer(&s.optval)), e
}

// RcvMore implements abi.Socket (ZMQ_RCVMORE, an int from 3.x).
func (s *Socket) RcvMore() (bool, syscall.Errno) {
	v, e := s.getInt32(optRcvMore)
	return v != 0, e
}

// Events implements abi.Socket (ZMQ_EVENTS, an int from 3.x).
func (s *Socket) Events() (int, syscall.Errno) {
	v, e := s.getInt32(optEvents)
	return int(v), e
}

// FD implements abi.Socket (ZMQ_FD, an int on POSIX, a SOCKET on Windows).
func (s *Socket) FD() (int, error) {
	if abi.FDSize == 8 {
		s.optval, s.optlen = 0, 8
		_, e := s.c.Int(s.b.sym.Getsockopt, s.h, uintptr(optFD), uintptr(unsafe.Pointer(&s.optval)), uintptr(unsafe.Pointer(&s.optlen)), 0)
		return int(*(*int64)(unsafe.Pointer(&s.optval))), abi.Errno(e)
	}
	v, e := s.getInt32(optFD)
	return int(v), abi.Errno(e)
}

// SetRaw implements abi.Socket (zmq_setsockopt).
func (s *Socket) SetRaw(number int, value []byte) error {
	_, e := s.c.Int(s.b.sym.Setsockopt, s.h, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(value))), uintptr(len(value)), 0)
	return abi.Errno(e)
}

// GetRaw implements abi.Socket (zmq_getsockopt); it returns the length
// libzmq reported.
func (s *Socket) GetRaw(number int, buf []byte) (int, error) {
	s.optlen = uintptr(len(buf))
	_, e := s.c.Int(s.b.sym.Getsockopt, s.h, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(unsafe.Pointer(&s.optlen)), 0)
	return int(s.optlen), abi.Errno(e)
}
