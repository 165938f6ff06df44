package abi

import "syscall"

// DraftFrame is a frame received on a draft socket, with its routing id
// (SERVER) or group (DISH).
type DraftFrame struct {
	Data      []byte
	More      bool
	RoutingID uint32
	Group     string
}

// Drafter is a Socket of a library that may export libzmq's draft API
// (zmq_join, zmq_msg_set_routing_id, ...: builds configured with
// --enable-drafts). Its methods report not supported when the library lacks
// the API.
type Drafter interface {
	Join(group string) error
	Leave(group string) error
	// SendDraft sends one frame with a routing id (0: none) and a group
	// ("": none).
	SendDraft(b []byte, flags int, routingID uint32, group string) error
	// RecvDraft receives one frame with its routing id and group; ENOTSUP
	// without the draft API.
	RecvDraft(flags int) (DraftFrame, syscall.Errno)
}

// PeerConnector is a Socket of a library that may export zmq_connect_peer
// (the draft API of 4.3.3+); ConnectPeer reports not supported when the
// library lacks it.
type PeerConnector interface {
	// ConnectPeer connects a PEER socket and returns the routing id of the
	// peer at endpoint.
	ConnectPeer(endpoint string) (uint32, error)
}

// MetadataReader is a Socket that can receive a frame with its metadata
// properties (zmq_msg_gets, libzmq 4.1+); ENOTSUP before.
type MetadataReader interface {
	RecvMetadata(flags int, names []string) ([]byte, bool, map[string]string, syscall.Errno)
}
