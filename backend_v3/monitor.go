package backend_v3

import (
	"encoding/binary"
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

var _ abi.Monitorer = (*Socket)(nil)

// Monitor implements abi.Monitorer with zmq_socket_monitor.
func (s *Socket) Monitor(endpoint string, events int) error {
	if endpoint == "" {
		_, e := s.c.Int(s.b.sym.SockMonitor, s.h, 0, 0, 0, 0)
		return abi.Errno(e)
	}
	if all, ok := s.b.Table().Constant("ZMQ_EVENT_ALL"); ok {
		events &= int(all)
	}
	cs, ok := abi.CString(endpoint)
	if !ok {
		return syscall.EINVAL
	}
	_, e := s.c.Int(s.b.sym.SockMonitor, s.h, uintptr(unsafe.Pointer(&cs[0])), uintptr(events), 0, 0)
	return abi.Errno(e)
}

// RecvMonitorEvent implements abi.Monitorer for both wire formats; the
// backend's Extension says which one the library speaks.
func (s *Socket) RecvMonitorEvent(flags int) (abi.MonitorEvent, syscall.Errno) {
	if s.b.ext.TwoFrameMonitor {
		return s.recvMonitorEvent4(flags)
	}
	return s.recvMonitorEvent3(flags)
}

// recvMonitorEvent3 reads 3.2's zmq_event_t { int event; union { struct {
// char *addr; int value; } } data; }: the event at 0, the pointer at the
// next pointer-aligned offset, the value after it.
func (s *Socket) recvMonitorEvent3(flags int) (abi.MonitorEvent, syscall.Errno) {
	sym := &s.b.sym
	s.c.Raw(sym.MsgInit, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	n, e := s.c.Int(sym.MsgRecv, uintptr(s.msg.Ptr()), s.h, uintptr(flags), 0, 0)
	defer s.c.Raw(sym.MsgClose, uintptr(s.msg.Ptr()), 0, 0, 0, 0)
	if e != 0 {
		return abi.MonitorEvent{}, e
	}
	const ptr = unsafe.Sizeof(uintptr(0))
	if uintptr(n) < 3*ptr {
		return abi.MonitorEvent{}, syscall.EPROTO
	}
	data := abi.CPointer(s.c.Raw(sym.MsgData, uintptr(s.msg.Ptr()), 0, 0, 0, 0))
	ev := abi.MonitorEvent{
		Event: int(*(*int32)(data)),
		Value: int64(*(*int32)(unsafe.Add(data, 2*ptr))),
	}
	// The string belongs to the monitored library and is freed with the
	// message: copy it before the deferred close.
	ev.Endpoint = abi.GoString(*(*uintptr)(unsafe.Add(data, ptr)), 4096)
	return ev, 0
}

// recvMonitorEvent4 reads 4.x's two frames: 6 bytes (uint16 event, uint32
// value, host order), then the endpoint.
func (s *Socket) recvMonitorEvent4(flags int) (abi.MonitorEvent, syscall.Errno) {
	head, more, e := s.Recv(flags)
	if e != 0 {
		return abi.MonitorEvent{}, e
	}
	if len(head) < 6 || !more {
		return abi.MonitorEvent{}, syscall.EPROTO
	}
	ev := abi.MonitorEvent{
		Event: int(binary.NativeEndian.Uint16(head[0:2])),
		Value: int64(binary.NativeEndian.Uint32(head[2:6])),
	}
	// The second frame is part of the same message: it is there already.
	var tail []byte
	for {
		tail, more, e = s.Recv(flags &^ abi.DontWait)
		if e != syscall.EINTR {
			break
		}
	}
	if e != 0 {
		return abi.MonitorEvent{}, e
	}
	for more { // newer formats may append frames; skip them
		_, more, e = s.Recv(flags &^ abi.DontWait)
		if e != 0 && e != syscall.EINTR {
			break
		}
	}
	ev.Endpoint = string(tail)
	return ev, 0
}
