package zmqffi_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
)

// curveCtx opens a context on the system library with a ZAP handler, or
// skips where libzmq has no CURVE.
func curveCtx(t *testing.T) (*zmqffi.Context, *zmqffi.Authenticator) {
	t.Helper()
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	t.Cleanup(func() { _ = ctx.Term() })
	if _, _, err := ctx.NewCurveKeypair(); err != nil {
		t.Skipf("no CURVE: %v", err)
	}
	auth, err := ctx.StartAuth()
	require.NoError(t, err)
	t.Cleanup(func() { _ = auth.Stop() })
	return ctx, auth
}

// curveServer binds a CURVE PULL server and returns it, its endpoint and its
// public key.
func curveServer(t *testing.T, ctx *zmqffi.Context) (*zmqffi.Socket, string, string) {
	t.Helper()
	srv, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	s, err := ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	require.NoError(t, s.SetCurveServer(true))
	require.NoError(t, s.SetCurveSecretKey(srv.SecretKey))
	require.NoError(t, s.Bind("tcp://127.0.0.1:*"))
	ep, err := s.LastEndpoint()
	require.NoError(t, err)
	return s, ep, srv.PublicKey
}

// curveSend connects a CURVE PUSH client with cert to the server and sends
// msg.
func curveSend(t *testing.T, ctx *zmqffi.Context, ep, serverKey string, cert *zmqffi.Certificate, msg string) {
	t.Helper()
	c, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	require.NoError(t, c.SetLinger(0))
	require.NoError(t, c.SetCurveServerKey(serverKey))
	require.NoError(t, c.SetCurvePublicKey(cert.PublicKey))
	require.NoError(t, c.SetCurveSecretKey(cert.SecretKey))
	require.NoError(t, c.Connect(ep))
	require.NoError(t, c.SendString(msg, zmqffi.DontWait|0), "queued before the handshake")
	t.Cleanup(func() { _ = c.Close() })
}

// receives requires srv to receive msg, returning its metadata.
func receives(t *testing.T, srv *zmqffi.Socket, msg string, props ...string) map[string]string {
	t.Helper()
	require.NoError(t, srv.SetRcvTimeout(channelLimit))
	got, md, err := srv.RecvWithMetadata(0, props...)
	require.NoError(t, err, "%q was not delivered", msg)
	require.Equal(t, msg, string(got))
	return md
}

// receivesNothing requires srv to receive nothing for a while: the clients
// were refused.
func receivesNothing(t *testing.T, srv *zmqffi.Socket, what string) {
	t.Helper()
	require.NoError(t, srv.SetRcvTimeout(300*time.Millisecond))
	got, err := srv.RecvString(0)
	require.ErrorIs(t, err, syscall.EAGAIN, "%s: received %q", what, got)
}

// TestAuthCurveDir admits the clients whose certificates are in a directory
// (pyzmq's files and ours), with the certificates' metadata; Reload follows
// files added and removed.
func TestAuthCurveDir(t *testing.T) {
	ctx, auth := curveCtx(t)
	srv, ep, serverKey := curveServer(t, ctx)

	dir := t.TempDir()
	for _, f := range []string{"client.key", "client.key_secret"} {
		b, err := os.ReadFile(filepath.Join("testdata", "certs", "pyzmq", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o600))
	}
	require.NoError(t, auth.AllowCurveDir(zmqffi.AnyDomain, dir))
	pyClient, err := zmqffi.LoadCertificate(filepath.Join(dir, "client.key_secret"))
	require.NoError(t, err)

	curveSend(t, ctx, ep, serverKey, pyClient, "from pyzmq's certificate")
	md := receives(t, srv, "from pyzmq's certificate", zmqffi.PropUserID)
	require.Equal(t, pyClient.PublicKey, md[zmqffi.PropUserID])

	// A client not in the directory is refused until its certificate is
	// saved there and the directory reloaded; its metadata then comes with
	// its messages.
	late, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	curveSend(t, ctx, ep, serverKey, late, "too early")
	receivesNothing(t, srv, "a client not in the directory")
	late.Metadata["role"] = "latecomer"
	require.NoError(t, late.Save(filepath.Join(dir, "late.key")))
	curveSend(t, ctx, ep, serverKey, late, "before Reload")
	receivesNothing(t, srv, "a certificate saved, not reloaded")
	require.NoError(t, auth.Reload())
	curveSend(t, ctx, ep, serverKey, late, "after Reload")
	md = receives(t, srv, "after Reload", zmqffi.PropUserID, "role")
	require.Equal(t, late.PublicKey, md[zmqffi.PropUserID])
	require.Equal(t, "latecomer", md["role"])

	// Removed and reloaded: refused again.
	require.NoError(t, os.Remove(filepath.Join(dir, "late.key")))
	require.NoError(t, auth.Reload())
	curveSend(t, ctx, ep, serverKey, late, "removed")
	receivesNothing(t, srv, "a certificate removed and reloaded")

	// A broken file fails the reload and keeps the keys loaded.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.key"), []byte("curve\n"), 0o644))
	err = auth.Reload()
	require.ErrorIs(t, err, syscall.EINVAL)
	require.Contains(t, err.Error(), "broken.key")
	curveSend(t, ctx, ep, serverKey, pyClient, "still admitted")
	receives(t, srv, "still admitted")
	require.Error(t, auth.AllowCurveDir(zmqffi.AnyDomain, filepath.Join(dir, "missing")))
}

// TestAuthHandler: a handler decides after the rules, admitting with a user
// id and metadata or refusing; a panicking one refuses without a crash.
func TestAuthHandler(t *testing.T) {
	ctx, auth := curveCtx(t)
	srv, ep, serverKey := curveServer(t, ctx)
	good, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	bad, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	require.NoError(t, auth.AllowCurve(zmqffi.AnyDomain, bad.PublicKey))

	seen := make(chan zmqffi.ZAPRequest, 16)
	auth.SetHandler(func(r *zmqffi.ZAPRequest) zmqffi.ZAPReply {
		seen <- *r
		switch r.CurveKey() {
		case good.PublicKey:
			return zmqffi.ZAPAllow("good-user", map[string]string{"tier": "gold"})
		case bad.PublicKey:
			return zmqffi.ZAPDeny("revoked")
		}
		return r.Rules
	})
	curveSend(t, ctx, ep, serverKey, bad, "bad")
	receivesNothing(t, srv, "a client the handler refused though the rules admit it")
	req := <-seen
	require.Equal(t, "CURVE", req.Mechanism)
	require.Equal(t, "127.0.0.1", req.Address)
	require.Equal(t, 200, req.Rules.StatusCode, "the rules admitted it")

	curveSend(t, ctx, ep, serverKey, good, "good")
	md := receives(t, srv, "good", zmqffi.PropUserID, "tier")
	require.Equal(t, map[string]string{zmqffi.PropUserID: "good-user", "tier": "gold"}, md)

	auth.SetHandler(func(r *zmqffi.ZAPRequest) zmqffi.ZAPReply { panic("handler bug") })
	curveSend(t, ctx, ep, serverKey, good, "panicked")
	receivesNothing(t, srv, "a handler that panicked")
	auth.SetHandler(func(r *zmqffi.ZAPRequest) zmqffi.ZAPReply { return zmqffi.ZAPReply{StatusCode: 201} })
	curveSend(t, ctx, ep, serverKey, good, "bad status")
	receivesNothing(t, srv, "a handler's status code outside RFC 27")
	select {
	case <-auth.Done():
		t.Fatalf("the ZAP handler ended: %v", auth.Stop())
	default:
	}

	auth.SetHandler(nil)
	curveSend(t, ctx, ep, serverKey, bad, "rules again")
	receives(t, srv, "rules again")
}
