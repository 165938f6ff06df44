package backend_v3

import (
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

var (
	_ abi.MsgAPI     = (*Backend)(nil)
	_ abi.ZeroCopier = (*Socket)(nil)
)

// RecvMsgInto implements abi.ZeroCopier with zmq_msg_init, zmq_msg_recv and
// zmq_msg_more.
func (s *Socket) RecvMsgInto(m *abi.Msg, flags int) (bool, syscall.Errno) {
	s.c.Raw(s.b.sym.MsgInit, uintptr(m.Ptr()), 0, 0, 0, 0)
	if _, e := s.c.Int(s.b.sym.MsgRecv, uintptr(m.Ptr()), s.h, uintptr(flags), 0, 0); e != 0 {
		s.c.Raw(s.b.sym.MsgClose, uintptr(m.Ptr()), 0, 0, 0, 0)
		return false, e
	}
	return abi.Int32(s.c.Raw(s.b.sym.MsgMore, uintptr(m.Ptr()), 0, 0, 0, 0)) != 0, 0
}

// SendData implements abi.ZeroCopier with zmq_msg_init_data and
// zmq_msg_send on the socket's own zmq_msg_t.
func (s *Socket) SendData(data uintptr, n int, ffn, hint uintptr, flags int) syscall.Errno {
	sym := &s.b.sym
	if _, e := s.c.Int(sym.MsgInitData, uintptr(s.msg.Ptr()), data, uintptr(n), ffn, hint); e != 0 {
		s.c.Raw(ffn, data, hint, 0, 0, 0) // libzmq never took the bytes
		return e
	}
	if _, e := s.c.Int(sym.MsgSend, uintptr(s.msg.Ptr()), s.h, uintptr(flags), 0, 0); e != 0 {
		s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0) // calls ffn
		return e
	}
	return 0
}
