package conformance

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestSocketTypes creates every socket type of every release on every
// target: PAIR to XSUB everywhere, STREAM from 4.0, the draft types (SERVER
// to SCATTER from 4.2, DGRAM, PEER and CHANNEL from 4.3.3) on libraries with
// the draft API; the others are refused with ErrNotSupported naming the type
// and the version, and numbers no release has with EINVAL.
func TestSocketTypes(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			v := ctx.Version()
			draft := draftAPI(t, ctx)
			atLeast := func(major, minor, patch int) bool {
				return !v.Less(zmqffi.Version{Major: major, Minor: minor, Patch: patch})
			}
			for typ := zmqffi.PAIR; typ <= zmqffi.CHANNEL; typ++ {
				var want bool
				switch {
				case typ <= zmqffi.XSUB:
					want = true
				case typ == zmqffi.STREAM:
					want = atLeast(4, 0, 0)
				case typ <= zmqffi.SCATTER:
					want = draft && atLeast(4, 2, 0)
				default:
					want = draft && atLeast(4, 3, 3)
				}
				s, err := ctx.Socket(typ)
				if want {
					require.NoError(t, err, "%s on %s", typ, v)
					got, err := s.OptionInt(16) // ZMQ_TYPE, the same number everywhere
					require.NoError(t, err)
					assert.EqualValues(t, typ, got, "ZMQ_TYPE of %s", typ)
					require.NoError(t, s.Close())
					continue
				}
				require.ErrorIs(t, err, zmqffi.ErrNotSupported, "%s on %s", typ, v)
				assert.Contains(t, err.Error(), typ.String())
				assert.Contains(t, err.Error(), v.String())
			}
			for _, typ := range []zmqffi.SocketType{-1, zmqffi.CHANNEL + 1, 1000} {
				_, err := ctx.Socket(typ)
				require.ErrorIs(t, err, syscall.EINVAL, "socket type %d", int(typ))
			}
		})
	}
}

// draftAPI reports whether the context's library exports the draft API
// (zmq_has("draft") on 4.1+; nothing older has one).
func draftAPI(t *testing.T, ctx *zmqffi.Context) bool {
	has, err := ctx.Has("draft")
	require.NoError(t, err)
	return has
}

// draftTargets runs fn on every target with the draft API of 4.3.3+, and
// skips, saying why, when there is none.
func draftTargets(t *testing.T, fn func(*testing.T, *zmqffi.Context)) {
	ran := 0
	for _, tg := range testenv.Targets(t) {
		ctx := NewContext(t, tg)
		if !draftAPI(t, ctx) || ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3, Patch: 3}) {
			continue
		}
		ran++
		t.Run(tg.Name, func(t *testing.T) { fn(t, ctx) })
	}
	if ran == 0 {
		t.Skip("no target exports libzmq 4.3.3+'s draft API (add a build configured --enable-drafts to ZMQFFI_TEST_LIBS)")
	}
}

// bindUDP binds a DGRAM socket to a free UDP port of 127.0.0.1 and returns
// the port.
func bindUDP(t *testing.T, s *zmqffi.Socket) string {
	for try := 0; ; try++ {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := c.LocalAddr().String()
		require.NoError(t, c.Close())
		err = s.Bind("udp://" + addr)
		if err == nil {
			return addr
		}
		if !errors.Is(err, syscall.EADDRINUSE) || try > 5 {
			require.NoError(t, err)
		}
	}
}

// TestDGRAM sends datagrams between two DGRAM sockets: each message is the
// peer's address and the body, and a reply goes to the address received.
func TestDGRAM(t *testing.T) {
	draftTargets(t, func(t *testing.T, ctx *zmqffi.Context) {
		a, b := NewSocket(t, ctx, zmqffi.DGRAM), NewSocket(t, ctx, zmqffi.DGRAM)
		addrA, addrB := bindUDP(t, a), bindUDP(t, b)
		require.NoError(t, a.SetRcvTimeout(100*time.Millisecond))
		// libzmq opens the UDP socket of a bind on its I/O thread, so the
		// first datagrams may find no socket yet: send until one arrives.
		var msg [][]byte
		for try := 0; msg == nil; try++ {
			require.Less(t, try, 100, "no datagram arrived")
			require.NoError(t, b.SendMultipart([][]byte{[]byte(addrA), []byte("ping")}, 0))
			var err error
			if msg, err = a.RecvMultipart(0); err != nil {
				require.ErrorIs(t, err, syscall.EAGAIN)
			}
		}
		// libzmq ends the address frame with a NUL, and takes it back so.
		assert.Equal(t, [][]byte{[]byte(addrB + "\x00"), []byte("ping")}, msg)
		require.NoError(t, a.SendMultipart([][]byte{msg[0], []byte("pong")}, 0))
		reply, err := b.RecvMultipart(0)
		require.NoError(t, err)
		assert.Equal(t, [][]byte{[]byte(addrA + "\x00"), []byte("pong")}, reply)
	})
}

// TestPeer connects two PEER sockets with ConnectPeer, whose routing id
// reaches the bound peer, which replies to the id it received. ConnectPeer
// on another socket type fails with ENOTSUP.
func TestPeer(t *testing.T) {
	draftTargets(t, func(t *testing.T, ctx *zmqffi.Context) {
		for _, tr := range []string{"tcp", "inproc"} {
			t.Run(tr, func(t *testing.T) {
				a, b := NewSocket(t, ctx, zmqffi.PEER), NewSocket(t, ctx, zmqffi.PEER)
				id, err := b.ConnectPeer(BindEndpoint(t, a, tr))
				require.NoError(t, err)
				require.NotZero(t, id)
				require.NoError(t, b.SendTo(id, []byte("hello"), 0))
				m, err := a.RecvDraft(0)
				require.NoError(t, err)
				assert.Equal(t, "hello", string(m.Data))
				require.NotZero(t, m.RoutingID)
				require.NoError(t, a.SendTo(m.RoutingID, []byte("back"), 0))
				m, err = b.RecvDraft(0)
				require.NoError(t, err)
				assert.Equal(t, "back", string(m.Data))
				assert.Equal(t, id, m.RoutingID, "the reply comes from the peer ConnectPeer named")
			})
		}
		dealer := NewSocket(t, ctx, zmqffi.DEALER)
		_, err := dealer.ConnectPeer("inproc://nobody")
		require.ErrorIs(t, err, syscall.ENOTSUP)
	})
}

// TestChannel exchanges messages over a CHANNEL pair, which refuses
// multipart messages as the thread-safe types do.
func TestChannel(t *testing.T) {
	draftTargets(t, func(t *testing.T, ctx *zmqffi.Context) {
		a, b := NewSocket(t, ctx, zmqffi.CHANNEL), NewSocket(t, ctx, zmqffi.CHANNEL)
		require.NoError(t, b.Connect(BindEndpoint(t, a, "inproc")))
		for i := 0; i < 3; i++ {
			require.NoError(t, b.SendString(fmt.Sprint("to a ", i), 0))
			got, err := a.RecvString(0)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprint("to a ", i), got)
			require.NoError(t, a.SendString(fmt.Sprint("to b ", i), 0))
			got, err = b.RecvString(0)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprint("to b ", i), got)
		}
		require.ErrorIs(t, a.SendMultipart([][]byte{[]byte("1"), []byte("2")}, 0), syscall.EINVAL)
	})
}

// TestConnectPeerNotSupported: without 4.3.3's draft API, ConnectPeer says
// ErrNotSupported with the version.
func TestConnectPeerNotSupported(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			if draftAPI(t, ctx) && !ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3, Patch: 3}) {
				t.Skip("this library has zmq_connect_peer (TestPeer)")
			}
			s := NewSocket(t, ctx, zmqffi.DEALER)
			_, err := s.ConnectPeer("inproc://x")
			require.ErrorIs(t, err, zmqffi.ErrNotSupported)
			assert.Contains(t, err.Error(), ctx.Version().String())
		})
	}
}
