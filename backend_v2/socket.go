package backend_v2

import (
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

// socket is a 2.x socket. Every frame goes through a zmq_msg_t, since 2.x has
// no buffer-based send or receive. It is not safe for concurrent use; package
// zmqffi serialises calls.
type socket struct {
	abi.Options
	b *backend
	h uintptr

	c      abi.Caller
	msg    abi.Msg
	optval int64
	optlen uintptr
}

var _ abi.Socket = (*socket)(nil)

// Handle implements abi.Socket.
func (s *socket) Handle() uintptr { return s.h }

// Close implements abi.Socket (zmq_close).
func (s *socket) Close() syscall.Errno {
	_, e := s.c.Int(s.b.sym.Close, s.h, 0, 0, 0, 0)
	return e
}

func (s *socket) endpointCall(fn uintptr, endpoint string) error {
	cs, ok := abi.CString(endpoint)
	if !ok {
		return syscall.EINVAL
	}
	_, e := s.c.Int(fn, s.h, uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0)
	return abi.Errno(e)
}

// Bind implements abi.Socket (zmq_bind).
func (s *socket) Bind(endpoint string) error { return s.endpointCall(s.b.sym.Bind, endpoint) }

// Connect implements abi.Socket (zmq_connect).
func (s *socket) Connect(endpoint string) error { return s.endpointCall(s.b.sym.Connect, endpoint) }

// Unbind implements abi.Socket: 2.x has no zmq_unbind.
func (s *socket) Unbind(string) error { return abi.NotSupported(s.b.Version(), "zmq_unbind") }

// Disconnect implements abi.Socket: 2.x has no zmq_disconnect.
func (s *socket) Disconnect(string) error {
	return abi.NotSupported(s.b.Version(), "zmq_disconnect")
}

// Send implements abi.Socket: zmq_msg_init_size, a copy into zmq_msg_data,
// zmq_send(socket, msg, flags), zmq_msg_close.
func (s *socket) Send(b []byte, flags int) syscall.Errno {
	sym := &s.b.sym
	if _, e := s.c.Int(sym.MsgInitSize, uintptr(s.msg.Ptr()), uintptr(len(b)), 0, 0, 0); e != 0 {
		return e
	}
	if len(b) > 0 {
		data := s.c.Raw(sym.MsgData, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
		copy(unsafe.Slice((*byte)(abi.CPointer(data)), len(b)), b)
	}
	_, e := s.c.Int(sym.Send, s.h, uintptr(s.msg.Ptr()), uintptr(flags), 0, 0)
	// 2.x empties a sent message; closing it is right in both cases.
	s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	return e
}

// recv receives one frame into m and reports whether more follow; on
// failure m is closed, on success the caller closes it.
//
// libzmq 2.2 takes the message off the pipe before it processes commands
// (every 100th receive), and a signal there makes zmq_recv return EINTR with
// the message already in m (socket_base.cpp): retrying would lose it. So a
// non-empty m after EINTR is a received frame, and its ZMQ_MSG_MORE flag
// (byte 8 of the public 2.x zmq_msg_t) says whether more follow, since
// ZMQ_RCVMORE was not updated. An empty frame caught that way cannot be told
// from no frame and is still lost: a libzmq 2.2 bug.
func (s *socket) recv(m *abi.Msg, flags int) (bool, syscall.Errno) {
	sym := &s.b.sym
	s.c.Raw(sym.MsgInit, uintptr(m.Ptr()), 0, 0, 0, 0)
	_, e := s.c.Int(sym.Recv, s.h, uintptr(m.Ptr()), uintptr(flags), 0, 0)
	if e == syscall.EINTR && s.c.Raw(sym.MsgSize, uintptr(m.Ptr()), 0, 0, 0, 0) > 0 {
		return (*[abi.MsgSize]byte)(m.Ptr())[8]&zmqMsgMore != 0, 0
	}
	if e != 0 {
		s.c.Raw(sym.MsgClose, uintptr(m.Ptr()), 0, 0, 0, 0)
		return false, e
	}
	more, e := s.RcvMore()
	if e != 0 {
		s.c.Raw(sym.MsgClose, uintptr(m.Ptr()), 0, 0, 0, 0)
	}
	return more, e
}

// zmqMsgMore is ZMQ_MSG_MORE, the flag bit of a 2.x zmq_msg_t.
const zmqMsgMore = 1

// recvMsg receives into the socket's zmq_msg_t and returns its data, size
// and more flag; the caller closes the message.
func (s *socket) recvMsg(flags int) (uintptr, int, bool, syscall.Errno) {
	more, e := s.recv(&s.msg, flags)
	if e != 0 {
		return 0, 0, false, e
	}
	sym := &s.b.sym
	n := int(s.c.Raw(sym.MsgSize, uintptr(s.msg.Ptr()), 0, 0, 0, 0))
	var data uintptr
	if n > 0 {
		data = s.c.Raw(sym.MsgData, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	}
	return data, n, more, 0
}

// RecvInto implements abi.Socket: the frame is received into a zmq_msg_t and
// copied (truncated to len(b)); the full size is returned, as 3.x does.
func (s *socket) RecvInto(b []byte, flags int) (int, syscall.Errno) {
	data, n, _, e := s.recvMsg(flags)
	if e != 0 {
		return 0, e
	}
	if n > 0 {
		copy(b, unsafe.Slice((*byte)(abi.CPointer(data)), n))
	}
	s.c.Raw(s.b.sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	return n, 0
}

// Recv implements abi.Socket; 2.x has no zmq_msg_more, so ZMQ_RCVMORE is
// read (see recv).
func (s *socket) Recv(flags int) ([]byte, bool, syscall.Errno) {
	data, n, more, e := s.recvMsg(flags)
	if e != 0 {
		return nil, false, e
	}
	out := abi.CopyC(data, n)
	s.c.Raw(s.b.sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	return out, more, 0
}

func (s *socket) getScratch(num int, size uintptr) syscall.Errno {
	s.optval, s.optlen = 0, size
	_, e := s.c.Int(s.b.sym.Getsockopt, s.h, uintptr(num), uintptr(unsafe.Pointer(&s.optval)), uintptr(unsafe.Pointer(&s.optlen)), 0)
	return e
}

// RcvMore implements abi.Socket (ZMQ_RCVMORE is an int64 in 2.x).
func (s *socket) RcvMore() (bool, syscall.Errno) {
	e := s.getScratch(optRcvMore, 8)
	return s.optval != 0, e
}

// Events implements abi.Socket (ZMQ_EVENTS is a uint32 in 2.x).
func (s *socket) Events() (int, syscall.Errno) {
	e := s.getScratch(optEvents, 4)
	return int(*(*uint32)(unsafe.Pointer(&s.optval))), e
}

// FD implements abi.Socket (ZMQ_FD: an int on POSIX, a SOCKET on Windows).
func (s *socket) FD() (int, error) {
	e := s.getScratch(optFD, uintptr(abi.FDSize))
	if abi.FDSize == 8 {
		return int(s.optval), abi.Errno(e)
	}
	return int(*(*int32)(unsafe.Pointer(&s.optval))), abi.Errno(e)
}

// SetRaw implements abi.Socket (zmq_setsockopt).
func (s *socket) SetRaw(number int, value []byte) error {
	_, e := s.c.Int(s.b.sym.Setsockopt, s.h, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(value))), uintptr(len(value)), 0)
	return abi.Errno(e)
}

// GetRaw implements abi.Socket (zmq_getsockopt).
func (s *socket) GetRaw(number int, buf []byte) (int, error) {
	s.optlen = uintptr(len(buf))
	_, e := s.c.Int(s.b.sym.Getsockopt, s.h, uintptr(number), uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(unsafe.Pointer(&s.optlen)), 0)
	return int(s.optlen), abi.Errno(e)
}
