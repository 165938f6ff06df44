package conformance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestMetadata receives a message with its properties on 4.1+, and expects
// ErrNotSupported before.
func TestMetadata(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			pull := NewSocket(t, ctx, zmqffi.PULL)
			push := NewSocket(t, ctx, zmqffi.PUSH)
			require.NoError(t, push.Connect(BindEndpoint(t, pull, "tcp")))
			require.NoError(t, push.SendString("with metadata", 0))
			data, props, err := pull.RecvWithMetadata(0)
			if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 1}) {
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "with metadata", string(data))
			assert.Equal(t, "PUSH", props[zmqffi.PropSocketType])
			assert.Equal(t, "127.0.0.1", props[zmqffi.PropPeerAddress])
			_, ok := props[zmqffi.PropUserID]
			assert.False(t, ok, "no ZAP handler, no User-Id")
		})
	}
}

// TestDraftSockets exercises CLIENT/SERVER, RADIO/DISH and SCATTER/GATHER
// on libraries that export the draft API, and checks that the others (release
// builds included) refuse the draft types with ErrNotSupported.
func TestDraftSockets(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			server, err := ctx.Socket(zmqffi.SERVER)
			if err != nil {
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				assert.Contains(t, err.Error(), "enable-drafts")
				plain := NewSocket(t, ctx, zmqffi.PAIR)
				require.ErrorIs(t, plain.Join("g"), zmqffi.ErrNotSupported)
				return
			}
			t.Logf("libzmq %s exports the draft API", ctx.Version())
			t.Cleanup(func() { _ = server.Close() })
			require.NoError(t, server.SetRcvTimeout(waitLimit))
			client := NewSocket(t, ctx, zmqffi.CLIENT)
			require.NoError(t, client.Connect(BindEndpoint(t, server, "tcp")))
			require.NoError(t, client.SendString("request", 0))
			m, err := server.RecvDraft(0)
			require.NoError(t, err)
			assert.Equal(t, "request", string(m.Data))
			require.NotZero(t, m.RoutingID)
			require.NoError(t, server.SendTo(m.RoutingID, []byte("reply"), 0))
			got, err := client.RecvString(0)
			require.NoError(t, err)
			assert.Equal(t, "reply", got)

			radio := NewSocket(t, ctx, zmqffi.RADIO)
			dish := NewSocket(t, ctx, zmqffi.DISH)
			ep := BindEndpoint(t, radio, "inproc")
			require.NoError(t, dish.Connect(ep))
			require.NoError(t, dish.Join("weather"))
			require.NoError(t, radio.SendGroup("sports", []byte("goal"), 0))
			require.NoError(t, radio.SendGroup("weather", []byte("sunny"), 0))
			dm, err := dish.RecvDraft(0)
			require.NoError(t, err)
			assert.Equal(t, "weather", dm.Group)
			assert.Equal(t, "sunny", string(dm.Data))
			require.NoError(t, dish.Leave("weather"))

			scatter := NewSocket(t, ctx, zmqffi.SCATTER)
			gather := NewSocket(t, ctx, zmqffi.GATHER)
			require.NoError(t, scatter.Connect(BindEndpoint(t, gather, "inproc")))
			require.NoError(t, scatter.SendString("part", 0))
			got, err = gather.RecvString(0)
			require.NoError(t, err)
			assert.Equal(t, "part", got)
		})
	}
}
