package abi

import "syscall"

// MsgAPI is a Backend's zmq_msg_t functions for messages the caller holds
// (zero-copy receive). The Caller is the caller's own: a message may be
// released on another goroutine than the socket's.
type MsgAPI interface {
	// MsgData returns the address and size of the message's content
	// (zmq_msg_data, zmq_msg_size).
	MsgData(c *Caller, m *Msg) (uintptr, int)
	// MsgClose releases the message (zmq_msg_close).
	MsgClose(c *Caller, m *Msg)
}

// ZeroCopier is a Socket that receives into, and sends from, message
// storage the caller owns.
type ZeroCopier interface {
	// RecvMsgInto initialises m and receives one frame into it (zmq_msg_init
	// then zmq_msg_recv, or 2.x's zmq_recv), reporting whether more frames
	// follow. On success the caller must release m with MsgAPI.MsgClose.
	RecvMsgInto(m *Msg, flags int) (more bool, errno syscall.Errno)
	// SendData sends n bytes at data without copying (zmq_msg_init_data
	// with ffn and hint, then the send). ffn(data, hint) is called exactly
	// once: by libzmq when it no longer needs the bytes, or, when the send
	// or the message's initialisation fails, from within this call.
	SendData(data uintptr, n int, ffn, hint uintptr, flags int) syscall.Errno
}
