package backend_v4

import (
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

// extraSymbols are the 4.x symbols that only some builds export.
type extraSymbols struct {
	// const char *zmq_msg_gets(const zmq_msg_t *msg, const char *property), 4.1+
	MsgGets uintptr `sym:"zmq_msg_gets,optional"`
	// The draft API, exported only by builds configured --enable-drafts.
	Join            uintptr `sym:"zmq_join,optional"`               // int zmq_join(void *s, const char *group)
	Leave           uintptr `sym:"zmq_leave,optional"`              // int zmq_leave(void *s, const char *group)
	MsgSetRoutingID uintptr `sym:"zmq_msg_set_routing_id,optional"` // int zmq_msg_set_routing_id(zmq_msg_t *msg, uint32_t routing_id)
	MsgRoutingID    uintptr `sym:"zmq_msg_routing_id,optional"`     // uint32_t zmq_msg_routing_id(zmq_msg_t *msg)
	MsgSetGroup     uintptr `sym:"zmq_msg_set_group,optional"`      // int zmq_msg_set_group(zmq_msg_t *msg, const char *group)
	MsgGroup        uintptr `sym:"zmq_msg_group,optional"`          // const char *zmq_msg_group(zmq_msg_t *msg)
	ConnectPeer     uintptr `sym:"zmq_connect_peer,optional"`       // uint32_t zmq_connect_peer(void *s, const char *addr), 4.3.3+
}

var (
	_ abi.Drafter        = (*socket)(nil)
	_ abi.PeerConnector  = (*socket)(nil)
	_ abi.MetadataReader = (*socket)(nil)
)

// HasDraftAPI reports whether the library exports the draft socket API.
func (b *backend) HasDraftAPI() bool {
	x := &b.symX
	return x.Join != 0 && x.Leave != 0 && x.MsgSetRoutingID != 0 && x.MsgRoutingID != 0 && x.MsgSetGroup != 0 && x.MsgGroup != 0
}

func (s *socket) draft(what string) error {
	if !s.b.HasDraftAPI() {
		return abi.NotSupported(s.b.Version(), what+" (a libzmq built with --enable-drafts)")
	}
	return nil
}

func (s *socket) groupCall(fn uintptr, group string) error {
	cs, ok := abi.CString(group)
	if !ok {
		return syscall.EINVAL
	}
	_, e := s.c.Int(fn, s.Handle(), uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0)
	return abi.Errno(e)
}

// Join implements abi.Drafter (zmq_join, DISH sockets).
func (s *socket) Join(group string) error {
	if err := s.draft("zmq_join"); err != nil {
		return err
	}
	return s.groupCall(s.b.symX.Join, group)
}

// Leave implements abi.Drafter (zmq_leave).
func (s *socket) Leave(group string) error {
	if err := s.draft("zmq_leave"); err != nil {
		return err
	}
	return s.groupCall(s.b.symX.Leave, group)
}

// ConnectPeer implements abi.PeerConnector (zmq_connect_peer, PEER sockets).
func (s *socket) ConnectPeer(endpoint string) (uint32, error) {
	if err := s.draft("zmq_connect_peer"); err != nil {
		return 0, err
	}
	if s.b.symX.ConnectPeer == 0 {
		return 0, abi.NotSupported(s.b.Version(), "zmq_connect_peer (the draft API of libzmq 4.3.3 and later)")
	}
	cs, ok := abi.CString(endpoint)
	if !ok {
		return 0, syscall.EINVAL
	}
	r, e := s.c.Ptr(s.b.symX.ConnectPeer, s.Handle(), uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0)
	// The result is a uint32: 0 is the failure, whatever the register's
	// upper half holds (errno was then read only if it was all zero).
	if id := uint32(r); id != 0 {
		return id, nil
	}
	if e == 0 {
		e = syscall.EINVAL
	}
	return 0, e
}

// SendDraft implements abi.Drafter: a message with a routing id (SERVER) or
// a group (RADIO) set before zmq_msg_send.
func (s *socket) SendDraft(b []byte, flags int, routingID uint32, group string) error {
	if err := s.draft("routing ids and groups"); err != nil {
		return err
	}
	var cg []byte
	if group != "" {
		var ok bool
		if cg, ok = abi.CString(group); !ok {
			return syscall.EINVAL
		}
	}
	c, sym, x, m := &s.c, &s.b.msg, &s.b.symX, s.msg.Ptr()
	if _, e := c.Int(sym.MsgInitSize, uintptr(m), uintptr(len(b)), 0, 0, 0); e != 0 {
		return e
	}
	if len(b) > 0 {
		data := c.Raw(sym.MsgData, uintptr(m), 0, 0, 0, 0)
		copy(unsafe.Slice((*byte)(abi.CPointer(data)), len(b)), b)
	}
	var e syscall.Errno
	if routingID != 0 {
		_, e = c.Int(x.MsgSetRoutingID, uintptr(m), uintptr(routingID), 0, 0, 0)
	}
	if e == 0 && cg != nil {
		_, e = c.Int(x.MsgSetGroup, uintptr(m), uintptr(unsafe.Pointer(&cg[0])), 0, 0, 0)
	}
	if e == 0 {
		_, e = c.Int(sym.MsgSend, uintptr(m), s.Handle(), uintptr(flags), 0, 0)
		if e == 0 {
			return nil // libzmq owns and has emptied the message
		}
	}
	c.Raw(sym.MsgClose, uintptr(m), 0, 0, 0, 0)
	return abi.Errno(e)
}

// RecvDraft implements abi.Drafter: one frame with its routing id and group.
func (s *socket) RecvDraft(flags int) (abi.DraftFrame, syscall.Errno) {
	if s.draft("routing ids and groups") != nil {
		return abi.DraftFrame{}, syscall.ENOTSUP
	}
	x := &s.b.symX
	var f abi.DraftFrame
	e := s.recvMsg(flags, func(c *abi.Caller, m unsafe.Pointer) {
		f.RoutingID = uint32(c.Raw(x.MsgRoutingID, uintptr(m), 0, 0, 0, 0))
		f.Group = abi.GoString(c.Raw(x.MsgGroup, uintptr(m), 0, 0, 0, 0), 256)
	}, &f.Data, &f.More)
	return f, e
}

// RecvMetadata implements abi.MetadataReader: one frame and the values of
// the named properties (zmq_msg_gets, 4.1+); a property the message lacks
// is left out.
func (s *socket) RecvMetadata(flags int, names []string) ([]byte, bool, map[string]string, syscall.Errno) {
	if s.b.symX.MsgGets == 0 {
		return nil, false, nil, syscall.ENOTSUP
	}
	cnames := make([][]byte, 0, len(names))
	for _, n := range names {
		cn, ok := abi.CString(n)
		if !ok {
			return nil, false, nil, syscall.EINVAL
		}
		cnames = append(cnames, cn)
	}
	var (
		data []byte
		more bool
	)
	props := make(map[string]string, len(names))
	e := s.recvMsg(flags, func(c *abi.Caller, m unsafe.Pointer) {
		for i, cn := range cnames {
			r, e := c.Ptr(s.b.symX.MsgGets, uintptr(m), uintptr(unsafe.Pointer(&cn[0])), 0, 0, 0)
			if e == 0 && r != 0 {
				props[names[i]] = abi.GoString(r, 4096)
			}
		}
	}, &data, &more)
	return data, more, props, e
}

// recvMsg receives one frame into the socket's zmq_msg_t, lets inspect read
// its properties, copies the data and closes the message.
func (s *socket) recvMsg(flags int, inspect func(*abi.Caller, unsafe.Pointer), data *[]byte, more *bool) syscall.Errno {
	c, sym, m := &s.c, &s.b.msg, s.msg.Ptr()
	c.Raw(sym.MsgInit, uintptr(m), 0, 0, 0, 0)
	n, e := c.Int(sym.MsgRecv, uintptr(m), s.Handle(), uintptr(flags), 0, 0)
	if e != 0 {
		c.Raw(sym.MsgClose, uintptr(m), 0, 0, 0, 0)
		return e
	}
	*data = make([]byte, n)
	if n > 0 {
		p := c.Raw(sym.MsgData, uintptr(m), 0, 0, 0, 0)
		copy(*data, unsafe.Slice((*byte)(abi.CPointer(p)), n))
	}
	inspect(c, m)
	*more = abi.Int32(c.Raw(sym.MsgMore, uintptr(m), 0, 0, 0, 0)) != 0
	c.Raw(sym.MsgClose, uintptr(m), 0, 0, 0, 0)
	return 0
}
