package backend_v2

import (
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

var (
	_ abi.MsgAPI     = (*backend)(nil)
	_ abi.ZeroCopier = (*socket)(nil)
)

// RecvMsgInto implements abi.ZeroCopier with zmq_msg_init and 2.x's
// zmq_recv(socket, msg, flags); ZMQ_RCVMORE tells about more frames.
func (s *socket) RecvMsgInto(m *abi.Msg, flags int) (bool, syscall.Errno) {
	return s.recv(m, flags)
}

// SendData implements abi.ZeroCopier with zmq_msg_init_data and 2.x's
// zmq_send(socket, msg, flags).
func (s *socket) SendData(data uintptr, n int, ffn, hint uintptr, flags int) syscall.Errno {
	sym := &s.b.sym
	if _, e := s.c.Int(sym.MsgInitData, uintptr(s.msg.Ptr()), data, uintptr(n), ffn, hint); e != 0 {
		s.c.Raw(ffn, data, hint, 0, 0, 0) // libzmq never took the bytes
		return e
	}
	_, e := s.c.Int(sym.Send, s.h, uintptr(s.msg.Ptr()), uintptr(flags), 0, 0)
	// A sent 2.x message is emptied; a failed one still holds the data and
	// closing it calls ffn. Either way it is closed.
	s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	return e
}
