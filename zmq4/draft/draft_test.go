package zmq4_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zmq "github.com/zmqffi/zmqffi/zmq4/draft"
)

func TestServerClientRoutingID(t *testing.T) {
	ctx, err := zmq.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	if !zmq.HasDraft() {
		s, err := ctx.NewSocket(zmq.PAIR)
		require.NoError(t, err)
		defer s.Close()
		_, err = s.Send("x", 0, zmq.OptRoutingId(1))
		assert.Equal(t, zmq.ErrorNotImplemented42draft, err)
		t.Skip("the loaded libzmq has no draft API (set ZMQFFI_SONAME to one that has)")
	}
	server, err := ctx.NewSocket(zmq.SERVER)
	require.NoError(t, err)
	defer server.Close()
	client, err := ctx.NewSocket(zmq.CLIENT)
	require.NoError(t, err)
	defer client.Close()
	require.NoError(t, server.Bind("inproc://server"))
	require.NoError(t, client.Connect("inproc://server"))
	require.NoError(t, server.SetRcvtimeo(5*time.Second))
	require.NoError(t, client.SetRcvtimeo(5*time.Second))

	_, err = client.Send("ping", 0)
	require.NoError(t, err)
	msg, opts, err := server.RecvWithOpts(0, zmq.OptRoutingId(0))
	require.NoError(t, err)
	assert.Equal(t, "ping", msg)
	id := opts[0].(zmq.OptRoutingId)
	assert.NotZero(t, id)
	_, err = server.Send("pong", 0, id)
	require.NoError(t, err)
	msg, err = client.Recv(0)
	require.NoError(t, err)
	assert.Equal(t, "pong", msg)
}

func TestDraftTypeString(t *testing.T) {
	for typ, name := range map[zmq.Type]string{zmq.SERVER: "SERVER", zmq.CLIENT: "CLIENT", zmq.RADIO: "RADIO",
		zmq.DISH: "DISH", zmq.GATHER: "GATHER", zmq.SCATTER: "SCATTER", zmq.DGRAM: "DGRAM"} {
		assert.Equal(t, name, typ.String())
	}
}
