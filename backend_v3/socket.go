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
	B *Backend
	H uintptr

	c      abi.Caller
	msg    abi.Msg
	optval int64   // getsockopt scratch on the heap (the Socket is)
	optlen uintptr // size_t
}

var _ abi.Socket = (*Socket)(nil)

// NewSocket wraps the socket handle h of backend b.
func NewSocket(b *Backend, h uintptr) *Socket {
	s := &Socket{B: b, H: h}
	s.c.Init(b.Sym.Errno)
	s.Options = abi.Options{Table: b.Table, Version: b.Ver, Raw: s}
	return s
}

// Caller returns the socket's caller, for extensions in backend_v4. The
// socket's serialisation covers it.
func (s *Socket) Caller() *abi.Caller { return &s.c }

// Handle implements abi.Socket.
func (s *Socket) Handle() uintptr { return s.H }

// Close implements abi.Socket (zmq_close).
func (s *Socket) Close() syscall.Errno {
	_, e := s.c.Int(s.B.Sym.Close, s.H, 0, 0, 0, 0)
	return e
}

func (s *Socket) endpointCall(fn uintptr, endpoint string) error {
	cs, ok := abi.CString(endpoint)
	if !ok {
		return syscall.EINVAL
	}
	_, e := s.c.Int(fn, s.H, uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0)
	return abi.Errno(e)
}

// Bind implements abi.Socket (zmq_bind).
func (s *Socket) Bind(endpoint string) error { return s.endpointCall(s.B.Sym.Bind, endpoint) }

// Connect implements abi.Socket (zmq_connect).
func (s *Socket) Connect(endpoint string) error { return s.endpointCall(s.B.Sym.Connect, endpoint) }

// Unbind implements abi.Socket (zmq_unbind).
func (s *Socket) Unbind(endpoint string) error { return s.endpointCall(s.B.Sym.Unbind, endpoint) }

// Disconnect implements abi.Socket (zmq_disconnect).
func (s *Socket) Disconnect(endpoint string) error {
	return s.endpointCall(s.B.Sym.Disconnect, endpoint)
}

// Send implements abi.Socket with one zmq_send.
func (s *Socket) Send(b []byte, flags int) syscall.Errno {
	_, e := s.c.Int(s.B.Sym.Send, s.H, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
	return e
}

// RecvInto implements abi.Socket with one zmq_recv, which returns the full
// frame size even when it copied less.
func (s *Socket) RecvInto(b []byte, flags int) (int, syscall.Errno) {
	return s.c.Int(s.B.Sym.Recv, s.H, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(flags), 0)
}

// Recv implements abi.Socket with zmq_msg_init, zmq_msg_recv, zmq_msg_data,
// zmq_msg_more and zmq_msg_close on the socket's own zmq_msg_t.
func (s *Socket) Recv(flags int) ([]byte, bool, syscall.Errno) {
	sym := &s.B.Sym
	s.c.Raw(sym.MsgInit, uintptr(s.msg.Ptr()), 0, 0, 0, 0) // cannot fail
	n, e := s.c.Int(sym.MsgRecv, uintptr(s.msg.Ptr()), s.H, uintptr(flags), 0, 0)
	if e != 0 {
		s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
		return nil, false, e
	}
	out := make([]byte, n)
	if n > 0 {
		data := s.c.Raw(sym.MsgData, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
		copy(out, unsafe.Slice((*byte)(abi.CPointer(data)), n))
	}
	more := abi.Int32(s.c.Raw(sym.MsgMore, uintptr(s.msg.Ptr()), 0, 0, 0, 0)) != 0
	s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	return out, more, 0
}

// getInt32 reads an int option into the socket's scratch space.
func (s *Socket) getInt32(num int) (int32, syscall.Errno) {
	s.optval, s.optlen = 0, 4
	_, e := s.c.Int(s.B.Sym.Getsockopt, s.H, uintptr(num), uintptr(unsafe.Pointer(&s.optval)), uintptr(unsafe.Pointer(&s.optlen)), 0)
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

// FD implements abi.Socket (ZMQ_FD, an int on POSIX).
func (s *Socket) FD() (int, error) {
	v, e := s.getInt32(optFD)
	return int(v), abi.Errno(e)
}

// SetRaw implements abi.Socket (zmq_setsockopt).
func (s *Socket) SetRaw(number int, value []byte) error {
	_, e := s.c.Int(s.B.Sym.Setsockopt, s.H, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(value))), uintptr(len(value)), 0)
	return abi.Errno(e)
}

// GetRaw implements abi.Socket (zmq_getsockopt); it returns the length
// libzmq reported.
func (s *Socket) GetRaw(number int, buf []byte) (int, error) {
	s.optlen = uintptr(len(buf))
	_, e := s.c.Int(s.B.Sym.Getsockopt, s.H, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(unsafe.Pointer(&s.optlen)), 0)
	return int(s.optlen), abi.Errno(e)
}

// MsgPtr returns the address of the socket's zmq_msg_t, for extensions in
// backend_v4; the socket's serialisation covers it. Convert it inside a
// call's argument list.
func (s *Socket) MsgPtr() unsafe.Pointer { return s.msg.Ptr() }
