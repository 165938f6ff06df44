package zmqffi_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// waitCount waits until c counts n connected peers.
func waitCount(t *testing.T, c *zmqffi.ConnState, n int, what string) {
	t.Helper()
	deadline := time.After(channelLimit)
	for {
		// Changed before Connected: a change between the two then closes
		// the channel this loop waits on instead of going unseen.
		changed := c.Changed()
		if c.Connected() == n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%s: %d peers connected, want %d", what, c.Connected(), n)
		}
	}
}

func TestConnState(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		server, err := ctx.Socket(zmqffi.ROUTER)
		require.NoError(t, err)
		sc, err := server.WatchConnections()
		if ctx.Version().Major < 3 {
			require.ErrorIs(t, err, zmqffi.ErrNotSupported)
			return
		}
		require.NoError(t, err)
		defer sc.Close()
		require.NoError(t, server.Bind("tcp://127.0.0.1:*"))
		ep, err := server.LastEndpoint()
		require.NoError(t, err)

		client, err := ctx.Socket(zmqffi.DEALER)
		require.NoError(t, err)
		cc, err := client.WatchConnections()
		require.NoError(t, err)
		short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		require.ErrorIs(t, cc.WaitConnected(short), context.DeadlineExceeded, "connected before Connect")
		cancel()
		require.Empty(t, cc.Peers())

		require.NoError(t, client.Connect(ep))
		wctx, cancel := context.WithTimeout(context.Background(), channelLimit)
		defer cancel()
		require.NoError(t, cc.WaitConnected(wctx))
		require.NoError(t, sc.WaitConnected(wctx))
		peers := cc.Peers()
		require.Len(t, peers, 1)
		require.Equal(t, ep, peers[0].Endpoint)
		require.Len(t, sc.Peers(), 1)

		// A second client; then the first goes away.
		client2, err := ctx.Socket(zmqffi.DEALER)
		require.NoError(t, err)
		require.NoError(t, client2.Connect(ep))
		require.NoError(t, sc.WaitPeers(wctx, 2))
		require.NoError(t, client.SetLinger(0))
		require.NoError(t, client.Close())
		waitCount(t, sc, 1, "server after a client closed")
		require.ErrorIs(t, cc.WaitConnected(wctx), zmqffi.ErrClosed, "the watched socket is closed")

		// Disconnect, which libzmq does not report, is followed too.
		c3, err := client2.WatchConnections()
		require.NoError(t, err)
		require.NoError(t, client2.Disconnect(ep))
		require.NoError(t, client2.Connect(ep))
		require.NoError(t, c3.WaitConnected(wctx))
		require.NoError(t, client2.Disconnect(ep))
		waitCount(t, c3, 0, "client after Disconnect")
		require.NoError(t, c3.Close())
		require.ErrorIs(t, c3.WaitConnected(wctx), zmqffi.ErrClosed)
	})
}

// TestConnStateHandshake: from 4.3 on, a peer whose handshake fails (a
// CURVE client the ZAP handler refuses) never counts as connected, on
// either side, though its TCP connection was made; an admitted one does.
func TestConnStateHandshake(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3}) {
		t.Skipf("libzmq %v reports no handshakes", ctx.Version())
	}
	auth, err := ctx.StartAuth()
	require.NoError(t, err)
	defer auth.Stop()
	serverPub, serverSec, err := ctx.NewCurveKeypair()
	if err != nil {
		t.Skipf("no CURVE: %v", err)
	}
	server, err := ctx.Socket(zmqffi.ROUTER)
	require.NoError(t, err)
	require.NoError(t, server.SetCurveServer(true))
	require.NoError(t, server.SetCurveSecretKey(serverSec))
	sc, err := server.WatchConnections()
	require.NoError(t, err)
	defer sc.Close()
	require.NoError(t, server.Bind("tcp://127.0.0.1:*"))
	ep, err := server.LastEndpoint()
	require.NoError(t, err)

	client := func(admit bool) *zmqffi.ConnState {
		pub, sec, err := ctx.NewCurveKeypair()
		require.NoError(t, err)
		if admit {
			require.NoError(t, auth.AllowCurve(zmqffi.AnyDomain, pub))
		}
		s, err := ctx.Socket(zmqffi.DEALER)
		require.NoError(t, err)
		require.NoError(t, s.SetCurveServerKey(serverPub))
		require.NoError(t, s.SetCurvePublicKey(pub))
		require.NoError(t, s.SetCurveSecretKey(sec))
		c, err := s.WatchConnections()
		require.NoError(t, err)
		require.NoError(t, s.Connect(ep))
		return c
	}
	refused := client(false)
	time.Sleep(300 * time.Millisecond)
	require.Zero(t, refused.Connected(), "a refused client counts as connected")
	require.Zero(t, sc.Connected(), "the server counts a refused client")

	ac := client(true)
	wctx, cancel := context.WithTimeout(context.Background(), channelLimit)
	defer cancel()
	require.NoError(t, ac.WaitConnected(wctx))
	waitCount(t, sc, 1, "server with one admitted client")
	time.Sleep(300 * time.Millisecond)
	require.Equal(t, 1, sc.Connected(), "server counts only the admitted client")
	require.Zero(t, refused.Connected())
}

// TestConnStateSilentPeer: a peer that accepts the TCP connection but never
// speaks ZMTP counts as connected before 4.3 (libzmq reports only the TCP
// connection) and not from 4.3 on (no handshake succeeded).
func TestConnStateSilentPeer(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		if ctx.Version().Major < 3 {
			t.Skip("no socket monitor")
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		accepted := make(chan net.Conn, 1)
		go func() {
			if c, err := ln.Accept(); err == nil {
				accepted <- c
			}
		}()
		s, err := ctx.Socket(zmqffi.DEALER)
		require.NoError(t, err)
		require.NoError(t, s.SetLinger(0))
		c, err := s.WatchConnections()
		require.NoError(t, err)
		defer c.Close()
		require.NoError(t, s.Connect("tcp://"+ln.Addr().String()))
		select {
		case conn := <-accepted:
			defer conn.Close()
		case <-time.After(channelLimit):
			t.Fatal("libzmq did not connect")
		}
		time.Sleep(200 * time.Millisecond)
		if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3}) {
			waitCount(t, c, 1, "TCP connection before 4.3")
		} else {
			require.Zero(t, c.Connected(), "connected without a handshake")
		}
		require.NoError(t, s.Close())
	})
}
