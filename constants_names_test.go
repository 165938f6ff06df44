package zmqffi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/constants"
)

// TestConstantsMatchHeaders checks the root's socket types, monitor events
// and protocol errors against every release's zmq.h (the generated tables,
// draft names included): every ZMQ_EVENT_* and ZMQ_PROTOCOL_ERROR_* of every
// release is a root constant of the same value and name, and so is every
// socket type.
func TestConstantsMatchHeaders(t *testing.T) {
	types := []zmqffi.SocketType{zmqffi.PAIR, zmqffi.PUB, zmqffi.SUB, zmqffi.REQ, zmqffi.REP, zmqffi.DEALER,
		zmqffi.ROUTER, zmqffi.PULL, zmqffi.PUSH, zmqffi.XPUB, zmqffi.XSUB, zmqffi.STREAM, zmqffi.SERVER,
		zmqffi.CLIENT, zmqffi.RADIO, zmqffi.DISH, zmqffi.GATHER, zmqffi.SCATTER, zmqffi.DGRAM, zmqffi.PEER,
		zmqffi.CHANNEL}
	aliases := map[string]zmqffi.SocketType{"ZMQ_XREQ": zmqffi.XREQ, "ZMQ_XREP": zmqffi.XREP,
		"ZMQ_UPSTREAM": zmqffi.UPSTREAM, "ZMQ_DOWNSTREAM": zmqffi.DOWNSTREAM}
	seenTypes := map[zmqffi.SocketType]bool{}
	for _, tab := range constants.Tables() {
		all := map[string]int64{}
		for name, v := range tab.Constants {
			all[name] = v
		}
		for name, v := range tab.DraftConstants {
			all[name] = v
		}
		for _, st := range types {
			if v, ok := all["ZMQ_"+st.String()]; ok {
				assert.EqualValues(t, v, st, "ZMQ_%s in %s", st, tab.Version)
				seenTypes[st] = true
			}
		}
		for name, st := range aliases {
			if v, ok := all[name]; ok {
				assert.EqualValues(t, v, st, "%s in %s", name, tab.Version)
			}
		}
		for name, v := range all {
			switch {
			case name == "ZMQ_EVENT_ALL" || name == "ZMQ_EVENT_ALL_V1":
				// Each release's is the events it knows; 0xFFFF asks for
				// them all.
				assert.Equal(t, v, v&int64(zmqffi.EventAll), "%s in %s", name, tab.Version)
			case name == "ZMQ_EVENT_PIPES_STATS" || name == "ZMQ_EVENT_ALL_V2":
				// Only zmq_socket_monitor_versioned's format carries
				// PIPES_STATS.
			case strings.HasPrefix(name, "ZMQ_EVENT_"):
				assert.Equal(t, strings.TrimPrefix(name, "ZMQ_EVENT_"), zmqffi.Event(v).String(), "%s = %d in %s", name, v, tab.Version)
			case strings.HasPrefix(name, "ZMQ_PROTOCOL_ERROR_"):
				assert.Equal(t, strings.TrimPrefix(name, "ZMQ_PROTOCOL_ERROR_"), zmqffi.ProtocolError(v).String(), "%s = %#x in %s", name, v, tab.Version)
			}
		}
	}
	assert.Len(t, seenTypes, len(types), "a socket type no release defines")
	assert.Equal(t, "ProtocolError(0x10000099)", zmqffi.ProtocolError(0x10000099).String())
	assert.Equal(t, "PEER", zmqffi.PEER.String())
	assert.Equal(t, "DEALER", zmqffi.XREQ.String())
}
