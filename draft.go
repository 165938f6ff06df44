package zmqffi

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// Draft socket types. They exist only in libzmq builds configured with
// --enable-drafts; Context.Socket detects that from the exported draft
// functions (a release build creates some of these types by number but lacks
// zmq_join, zmq_msg_set_routing_id and the rest, so they are refused there
// with ErrNotSupported), and a draft build that lacks a type (PEER and
// CHANNEL came with 4.3.3) refuses it with ErrNotSupported too.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket.html
const (
	// SERVER talks to many CLIENTs, replying by routing id (SendTo,
	// RecvDraft); thread-safe, single-frame messages.
	SERVER SocketType = 12
	// CLIENT talks to SERVERs, round-robin; thread-safe, single-frame.
	CLIENT SocketType = 13
	// RADIO publishes to groups (SendGroup); DISH receives the groups it
	// joins (Join, RecvDraft).
	RADIO SocketType = 14
	DISH  SocketType = 15
	// GATHER fair-queues what SCATTER sockets send, round-robin; both
	// thread-safe and single-frame.
	GATHER  SocketType = 16
	SCATTER SocketType = 17
	// DGRAM sends and receives UDP datagrams on udp:// endpoints it binds:
	// each message is two frames, the peer's "address:port" (received with
	// a terminating NUL byte) and the body.
	DGRAM SocketType = 18
	// PEER connects to PEERs with ConnectPeer, which returns the routing id
	// that SendTo reaches the peer by; thread-safe, single-frame (4.3.3+).
	PEER SocketType = 19
	// CHANNEL is a thread-safe PAIR: one peer, single-frame messages (4.3.3+).
	CHANNEL SocketType = 20
)

var draftTypeNames = map[SocketType]string{
	SERVER: "SERVER", CLIENT: "CLIENT", RADIO: "RADIO", DISH: "DISH", GATHER: "GATHER", SCATTER: "SCATTER",
	DGRAM: "DGRAM", PEER: "PEER", CHANNEL: "CHANNEL",
}

// hasDraftAPI reports whether the context's library exports the draft API.
func (st *contextState) hasDraftAPI() bool {
	d, ok := st.b.(interface{ HasDraftAPI() bool })
	return ok && d.HasDraftAPI()
}

// checkSocketType validates t for the context's library: a stable type
// must be in the version's zmq.h (STREAM from 4.0), a draft type needs the
// draft API (zmq_socket then says whether this build has it).
func (st *contextState) checkSocketType(t SocketType) error {
	v := st.b.Version()
	if name, ok := draftTypeNames[t]; ok {
		if !st.hasDraftAPI() {
			return abi.NotSupported(v, "draft socket type "+name+" (a libzmq built with --enable-drafts)")
		}
		return nil
	}
	if t < PAIR || t > STREAM {
		return fmt.Errorf("zmqffi: unknown socket type %d: %w", int(t), syscall.EINVAL)
	}
	if tab, ok := constants.ForVersion(v); ok {
		if _, has := tab.Constant("ZMQ_" + t.String()); !has {
			return abi.NotSupported(v, "socket type "+t.String())
		}
	}
	return nil
}

// socketTypeErr turns zmq_socket's failure into the error Context.Socket
// returns: a draft build without the type says EINVAL, which is a
// missing feature of that library.
func (st *contextState) socketTypeErr(t SocketType, err error) error {
	if _, draft := draftTypeNames[t]; draft && errors.Is(err, syscall.EINVAL) {
		return abi.NotSupported(st.b.Version(), "draft socket type "+t.String()+" (not in this draft build)")
	}
	return wrap("zmq_socket", err)
}

// ConnectPeer connects a PEER socket to endpoint, as Connect does, and
// returns the routing id that SendTo reaches the peer there by
// (zmq_connect_peer; draft API of libzmq 4.3.3+). It fails with EFAULT when
// ZMQ_IMMEDIATE is set.
//
// https://libzmq.readthedocs.io/en/latest/zmq_connect_peer.html
func (s *Socket) ConnectPeer(endpoint string) (uint32, error) {
	pc, ok := s.st.b.(abi.PeerConnector)
	if !ok {
		return 0, abi.NotSupported(s.ctx.st.b.Version(), "zmq_connect_peer (the draft API of libzmq 4.3.3 and later)")
	}
	var id uint32
	err := s.st.call(func() error {
		var err error
		for {
			if id, err = pc.ConnectPeer(endpoint); !errors.Is(err, syscall.EINTR) {
				return wrap("zmq_connect_peer", err)
			}
			eintrRetries.Add(1)
		}
	})
	return id, err
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
