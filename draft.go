package zmqffi

import (
	"fmt"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

// Draft socket types. They exist only in libzmq builds configured with
// --enable-drafts; Context.Socket detects that from the exported draft
// functions (a release build creates some of these types by number but lacks
// zmq_join, zmq_msg_set_routing_id and the rest, so they are refused there
// with ErrNotSupported).
const (
	SERVER  SocketType = 12
	CLIENT  SocketType = 13
	RADIO   SocketType = 14
	DISH    SocketType = 15
	GATHER  SocketType = 16
	SCATTER SocketType = 17
)

var draftTypeNames = map[SocketType]string{SERVER: "SERVER", CLIENT: "CLIENT", RADIO: "RADIO", DISH: "DISH", GATHER: "GATHER", SCATTER: "SCATTER"}

// hasDraftAPI reports whether the context's library exports the draft API.
func (st *contextState) hasDraftAPI() bool {
	d, ok := st.b.(interface{ HasDraftAPI() bool })
	return ok && d.HasDraftAPI()
}

// checkSocketType validates t for the context's library.
func (st *contextState) checkSocketType(t SocketType) error {
	if name, ok := draftTypeNames[t]; ok {
		if !st.hasDraftAPI() {
			return abi.NotSupported(st.b.Version(), "draft socket type "+name+" (a libzmq built with --enable-drafts)")
		}
		return nil
	}
	if t < PAIR || t > STREAM {
		return fmt.Errorf("zmqffi: unknown socket type %d: %w", int(t), syscall.EINVAL)
	}
	if t == STREAM && st.b.Version().Major < 4 {
		return abi.NotSupported(st.b.Version(), "socket type STREAM")
	}
	return nil
}

func (s *Socket) drafter(what string) (abi.Drafter, error) {
	d, ok := s.st.b.(abi.Drafter)
	if !ok || !s.ctx.st.hasDraftAPI() {
		return nil, abi.NotSupported(s.ctx.st.b.Version(), what+" (a libzmq built with --enable-drafts)")
	}
	return d, nil
}

// Join subscribes a DISH socket to a group (zmq_join; draft API).
//
// https://libzmq.readthedocs.io/en/latest/zmq_join.html
func (s *Socket) Join(group string) error {
	d, err := s.drafter("zmq_join")
	if err != nil {
		return err
	}
	return s.st.call(func() error { return wrap("zmq_join", d.Join(group)) })
}

// Leave unsubscribes a DISH socket from a group (zmq_leave; draft API).
//
// https://libzmq.readthedocs.io/en/latest/zmq_leave.html
func (s *Socket) Leave(group string) error {
	d, err := s.drafter("zmq_leave")
	if err != nil {
		return err
	}
	return s.st.call(func() error { return wrap("zmq_leave", d.Leave(group)) })
}

func (s *Socket) sendDraft(data []byte, flags Flag, routingID uint32, group string) error {
	d, err := s.drafter("routing ids and groups")
	if err != nil {
		return err
	}
	return s.st.doVia(abi.PollOut, s.SndTimeout(), flags&DontWait != 0, "zmq_msg_send", func() syscall.Errno {
		err := d.SendDraft(data, int(flags)|abi.DontWait, routingID, group)
		if e, ok := err.(syscall.Errno); ok {
			return e
		}
		if err != nil {
			return syscall.EINVAL
		}
		return 0
	})
}

// SendTo sends data to the CLIENT peer with the given routing id, from a
// SERVER socket (zmq_msg_set_routing_id; draft API).
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_set_routing_id.html
func (s *Socket) SendTo(routingID uint32, data []byte, flags Flag) error {
	if routingID == 0 {
		return fmt.Errorf("zmqffi: SendTo: routing id 0 names no peer: %w", syscall.EINVAL)
	}
	return s.sendDraft(data, flags, routingID, "")
}

// SendGroup publishes data to a group from a RADIO socket
// (zmq_msg_set_group; draft API). Groups are at most 255 bytes (15 on 4.2).
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_set_group.html
func (s *Socket) SendGroup(group string, data []byte, flags Flag) error {
	if group == "" {
		return fmt.Errorf("zmqffi: SendGroup needs a group: %w", syscall.EINVAL)
	}
	return s.sendDraft(data, flags, 0, group)
}

// DraftMessage is a frame received on a draft socket.
type DraftMessage struct {
	Data []byte
	// RoutingID is the sending CLIENT's id on a SERVER socket (0 elsewhere).
	RoutingID uint32
	// Group is the group of a message received on a DISH socket.
	Group string
}

// RecvDraft receives one frame with its routing id (SERVER) or group (DISH)
// (zmq_msg_routing_id, zmq_msg_group; draft API).
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_routing_id.html
func (s *Socket) RecvDraft(flags Flag) (DraftMessage, error) {
	d, err := s.drafter("routing ids and groups")
	if err != nil {
		return DraftMessage{}, err
	}
	if b, _, ok, err := s.st.putBack(); ok || err != nil {
		return DraftMessage{Data: b}, err // a Channel runs on no draft socket
	}
	var f abi.DraftFrame
	err = s.st.doVia(abi.PollIn, s.RcvTimeout(), flags&DontWait != 0, "zmq_msg_recv", func() (e syscall.Errno) {
		f, e = d.RecvDraft(int(flags) | abi.DontWait)
		return e
	})
	if err != nil {
		return DraftMessage{}, err
	}
	return DraftMessage{Data: f.Data, RoutingID: f.RoutingID, Group: f.Group}, nil
}

// Metadata property names libzmq sets on received messages (4.1+);
// ZAP handlers may add their own.
const (
	PropSocketType  = "Socket-Type"
	PropRoutingID   = "Routing-Id" // "Identity" before 4.2
	PropPeerAddress = "Peer-Address"
	PropUserID      = "User-Id"
)

// RecvWithMetadata receives one frame and the values of the named metadata
// properties (zmq_msg_gets; libzmq 4.1+). A property the message does not
// carry is absent from the map. With no names it asks for Socket-Type,
// Routing-Id, Peer-Address and User-Id.
//
// https://libzmq.readthedocs.io/en/latest/zmq_msg_gets.html
func (s *Socket) RecvWithMetadata(flags Flag, names ...string) ([]byte, map[string]string, error) {
	mr, ok := s.st.b.(abi.MetadataReader)
	if !ok || s.ctx.Version().Less(Version{Major: 4, Minor: 1, Patch: 0}) {
		return nil, nil, abi.NotSupported(s.ctx.st.b.Version(), "message metadata (zmq_msg_gets)")
	}
	if len(names) == 0 {
		names = []string{PropSocketType, PropRoutingID, PropPeerAddress, PropUserID}
	}
	if ok, err := s.st.hasPutBack(); ok || err != nil {
		if err == nil {
			err = errPutBackMetadata
		}
		return nil, nil, err
	}
	var (
		data  []byte
		props map[string]string
	)
	err := s.st.doVia(abi.PollIn, s.RcvTimeout(), flags&DontWait != 0, "zmq_msg_recv", func() (e syscall.Errno) {
		data, _, props, e = mr.RecvMetadata(int(flags)|abi.DontWait, names)
		return e
	})
	if err != nil {
		return nil, nil, err
	}
	return data, props, nil
}
