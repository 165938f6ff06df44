package conformance

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
	"github.com/zmqffi/zmqffi/loader"
)

// refusedWait is how long a client that must be refused is given to deliver
// anyway: CURVE, PLAIN and ZAP refusals happen within the first round trips.
const refusedWait = 400 * time.Millisecond

// The test vector of ZeroMQ RFC 32 (Z85).
var (
	z85Raw  = []byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B}
	z85Text = "HelloWorld"
)

// badZ85 are strings every Z85 decoder here must refuse with EINVAL.
var badZ85 = map[string]string{
	"length not a multiple of 5": "Hell",
	"longer, not a multiple":     "HelloWorld!",
	"space":                      "Hello Worl",
	"quote":                      `"""""`,
	"control byte":               "Hell\x01",
	"non-ASCII":                  "Hell\xc3",
	"value over 2^32":            "#####",
	"tilde":                      "~~~~~",
}

// TestZ85PureGo checks the Go Z85 codec on the RFC 32 vector, bad input and
// random data; TestSecurity compares it with each library's.
func TestZ85PureGo(t *testing.T) {
	s, err := zmqffi.Z85Encode(z85Raw)
	require.NoError(t, err)
	assert.Equal(t, z85Text, s)
	raw, err := zmqffi.Z85Decode(z85Text)
	require.NoError(t, err)
	assert.Equal(t, z85Raw, raw)

	// The largest group decodes; one more is over 2^32.
	raw, err = zmqffi.Z85Decode("%nSc0")
	require.NoError(t, err)
	assert.Equal(t, []byte{0xff, 0xff, 0xff, 0xff}, raw)
	_, err = zmqffi.Z85Decode("%nSc1")
	require.ErrorIs(t, err, syscall.EINVAL)

	for name, bad := range badZ85 {
		_, err := zmqffi.Z85Decode(bad)
		require.ErrorIs(t, err, syscall.EINVAL, name)
	}
	_, err = zmqffi.Z85Encode([]byte{1, 2, 3})
	require.ErrorIs(t, err, syscall.EINVAL)

	s, err = zmqffi.Z85Encode(nil)
	require.NoError(t, err)
	assert.Equal(t, "", s)
	for n := 0; n <= 64; n += 4 {
		data := make([]byte, n)
		_, _ = rand.Read(data)
		s, err := zmqffi.Z85Encode(data)
		require.NoError(t, err)
		require.Len(t, s, n/4*5)
		back, err := zmqffi.Z85Decode(s)
		require.NoError(t, err)
		require.Equal(t, data, back)
	}
}

// TestSecurity runs the CURVE, PLAIN, ZAP, Z85 and capability tests on every
// target; on libzmq 2.x and 3.x it checks that each says ErrNotSupported.
func TestSecurity(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) { RunSecurity(t, tg) })
	}
}

// RunSecurity runs the security tests against one library.
func RunSecurity(t *testing.T, tg testenv.Target) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *zmqffi.Context)
	}{
		{"NotSupportedBefore4", testSecurityNotSupported},
		{"Capabilities", func(t *testing.T, ctx *zmqffi.Context) { testCapabilities(t, tg, ctx) }},
		{"Z85Library", testZ85Library},
		{"Z85NoLeak", testZ85NoLeak},
		{"CurveKeys", testCurveKeys},
		{"CurveOptions", testCurveOptions},
		{"CurveAuth", testCurveAuth},
		{"PlainAuth", testPlainAuth},
		{"AddressAuth", testAddressAuth},
		{"AllowListOnly", testAllowListOnly},
		{"AuthLifecycle", testAuthLifecycle},
		{"AuthStopsOnTerm", func(t *testing.T, _ *zmqffi.Context) { testAuthStopsOnTerm(t, tg) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			tc.fn(t, ctx)
		})
	}
}

// needV4 skips a test of a 4.x feature on older libraries, whose
// ErrNotSupported answers testSecurityNotSupported checks.
func needV4(t *testing.T, ctx *zmqffi.Context) {
	t.Helper()
	if ctx.Version().Major < 4 {
		t.Skipf("libzmq %s: checked by NotSupportedBefore4", ctx.Version())
	}
}

// needCurve skips a CURVE test on a library built without CURVE, after
// checking that it says so consistently.
func needCurve(t *testing.T, ctx *zmqffi.Context) {
	t.Helper()
	needV4(t, ctx)
	has, err := ctx.Has("curve")
	require.NoError(t, err)
	if !has {
		_, _, err := ctx.NewCurveKeypair()
		require.ErrorIs(t, err, zmqffi.ErrNotSupported)
		t.Skipf("libzmq %s at %s was built without CURVE", ctx.Version(), ctx.LibraryPath())
	}
}

func testSecurityNotSupported(t *testing.T, ctx *zmqffi.Context) {
	v := ctx.Version()
	if v.Major >= 4 {
		t.Skipf("libzmq %s has the security API", v)
	}
	notSupported := func(err error, what string) {
		t.Helper()
		require.ErrorIs(t, err, zmqffi.ErrNotSupported, what)
		assert.Contains(t, err.Error(), v.String(), "%s: the error names the version", what)
	}
	_, _, err := ctx.NewCurveKeypair()
	notSupported(err, "NewCurveKeypair")
	_, err = ctx.CurvePublic("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")
	notSupported(err, "CurvePublic")
	_, err = ctx.Z85Encode(z85Raw)
	notSupported(err, "Z85Encode")
	_, err = ctx.Z85Decode(z85Text)
	notSupported(err, "Z85Decode")
	_, err = ctx.StartAuth()
	notSupported(err, "StartAuth")

	s := NewSocket(t, ctx, zmqffi.PULL)
	notSupported(s.SetCurveServer(true), "SetCurveServer")
	notSupported(s.SetCurveServerKey(z85Text+z85Text+z85Text+z85Text), "SetCurveServerKey")
	notSupported(s.SetPlainServer(true), "SetPlainServer")
	notSupported(s.SetPlainUsername("admin"), "SetPlainUsername")
	notSupported(s.SetZAPDomain("global"), "SetZAPDomain")
	_, err = s.Mechanism()
	notSupported(err, "Mechanism")

	// The Go codecs need no library.
	got, err := zmqffi.Z85Encode(z85Raw)
	require.NoError(t, err)
	assert.Equal(t, z85Text, got)
}

func testCapabilities(t *testing.T, tg testenv.Target, ctx *zmqffi.Context) {
	v := ctx.Version()
	caps := map[string]bool{}
	for _, c := range zmqffi.Capabilities() {
		has, err := ctx.Has(c)
		require.NoError(t, err, c)
		caps[c] = has
	}
	t.Logf("libzmq %s at %s: %v", v, ctx.LibraryPath(), caps)
	if runtime.GOOS != "windows" {
		assert.True(t, caps["ipc"], "ipc") // on Windows, as built (AF_UNIX, libzmq 4.3+)
	}
	has, err := ctx.Has("no-such-capability")
	require.NoError(t, err)
	assert.False(t, has, "an unknown capability is absent")
	if v.Major < 4 {
		assert.False(t, caps["curve"], "no CURVE before 4.0")
	} else {
		_, _, err := ctx.NewCurveKeypair()
		assert.Equal(t, caps["curve"], err == nil, "Has(curve) agrees with zmq_curve_keypair: %v", err)
	}
	if v.Major < 4 || (v.Major == 4 && v.Minor == 0) {
		for _, c := range []string{"tipc", "norm", "gssapi", "draft"} {
			assert.False(t, caps[c], "%s did not exist in libzmq %s", c, v)
		}
	}
	// Draft builds, and only they, export the draft functions.
	lib, err := loader.Open(tg.Soname)
	require.NoError(t, err)
	_, symErr := lib.Sym("zmq_poller_new")
	assert.Equal(t, symErr == nil, caps["draft"], "Has(draft) agrees with the zmq_poller_new symbol")

	// Has answers from the library, so it needs a live context.
	other, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
	require.NoError(t, err)
	require.NoError(t, other.Term())
	_, err = other.Has("ipc")
	require.ErrorIs(t, err, zmqffi.ErrClosed)
}

func testZ85Library(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	s, err := ctx.Z85Encode(z85Raw)
	require.NoError(t, err)
	assert.Equal(t, z85Text, s)
	raw, err := ctx.Z85Decode(z85Text)
	require.NoError(t, err)
	assert.Equal(t, z85Raw, raw)

	s, err = ctx.Z85Encode(nil)
	require.NoError(t, err)
	assert.Equal(t, "", s)
	raw, err = ctx.Z85Decode("")
	require.NoError(t, err)
	assert.Empty(t, raw)

	for name, bad := range badZ85 {
		_, err := ctx.Z85Decode(bad)
		require.ErrorIs(t, err, syscall.EINVAL, name)
	}
	_, err = ctx.Z85Encode([]byte{1, 2, 3, 4, 5})
	require.ErrorIs(t, err, syscall.EINVAL)

	// libzmq's codec and the Go one agree, both ways.
	for n := 4; n <= 256; n += 12 {
		data := make([]byte, n)
		_, _ = rand.Read(data)
		lib, err := ctx.Z85Encode(data)
		require.NoError(t, err)
		pure, err := zmqffi.Z85Encode(data)
		require.NoError(t, err)
		require.Equal(t, pure, lib)
		back, err := ctx.Z85Decode(lib)
		require.NoError(t, err)
		require.Equal(t, data, back)
	}
}

// heapAndRSS returns the live Go heap after a collection, and the process's
// resident size where /proc tells it (0 elsewhere).
func heapAndRSS() (heap, rss uint64) {
	runtime.GC()
	debug.FreeOSMemory() // return freed Go memory, so that RSS shows C memory
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			rss = pages * uint64(os.Getpagesize())
		}
	}
	return ms.HeapAlloc, rss
}

func testZ85NoLeak(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	round := func(n int) {
		for i := 0; i < n; i++ {
			s, err := ctx.Z85Encode(key)
			if err != nil {
				require.NoError(t, err)
			}
			back, err := ctx.Z85Decode(s)
			if err != nil || !bytes.Equal(back, key) {
				require.Equal(t, key, back, "round %d: %v", i, err)
			}
		}
	}
	const n = 100000 // 200k libzmq calls
	round(n)         // warm up: the runtime reaches its steady size
	// Each round trip allocates about 200 bytes of Go memory: keeping even
	// one 16-byte object per call would grow the heap by 1.6 MB per batch. A
	// leak in C (a malloc chunk is at least 32 bytes) would grow the RSS by
	// 3.2 MB per batch, every batch; other work in the process (the Go
	// runtime, libzmq threads of other tests) moves the RSS by up to a few
	// MB once. So a batch is measured up to three times and the test fails
	// only when all three grew: a leak grows every one of them. The race
	// detector's shadow memory grows the RSS by itself.
	var heapGrew, rssGrew int64
	for attempt := 1; attempt <= 3; attempt++ {
		heap0, rss0 := heapAndRSS()
		start := time.Now()
		round(n)
		took := time.Since(start)
		heap1, rss1 := heapAndRSS()
		t.Logf("batch %d: %d Z85 encode+decode round trips in %v (%v each); Go heap %d → %d bytes, RSS %d → %d bytes",
			attempt, n, took, took/n, heap0, heap1, rss0, rss1)
		heapGrew, rssGrew = int64(heap1)-int64(heap0), int64(rss1)-int64(rss0)
		if rss0 == 0 || testenv.Race {
			rssGrew = 0
		}
		if heapGrew < 512<<10 && rssGrew < 2<<20 {
			return
		}
	}
	assert.Less(t, heapGrew, int64(512<<10), "the Go heap must stay flat")
	assert.Less(t, rssGrew, int64(2<<20), "the resident size must stay flat")
}

func testCurveKeys(t *testing.T, ctx *zmqffi.Context) {
	needCurve(t, ctx)
	v := ctx.Version()
	pub, sec, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	require.Len(t, pub, 40)
	require.Len(t, sec, 40)
	assert.NotEqual(t, pub, sec)
	for _, k := range []string{pub, sec} {
		raw, err := ctx.Z85Decode(k)
		require.NoError(t, err)
		require.Len(t, raw, 32)
	}
	pub2, sec2, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	assert.NotEqual(t, pub, pub2, "two key pairs differ")
	assert.NotEqual(t, sec, sec2)

	// The Go derivation matches libzmq's key pairs on every 4.x.
	for _, kp := range [][2]string{{pub, sec}, {pub2, sec2}} {
		got, err := zmqffi.CurvePublic(kp[1])
		require.NoError(t, err)
		assert.Equal(t, kp[0], got)
	}
	got, err := ctx.CurvePublic(sec)
	if v.Minor < 2 {
		require.ErrorIs(t, err, zmqffi.ErrNotSupported, "zmq_curve_public came in 4.2")
		assert.Contains(t, err.Error(), v.String())
	} else {
		require.NoError(t, err)
		assert.Equal(t, pub, got, "zmq_curve_public(secret) is the key pair's public key")
		_, err = ctx.CurvePublic("short")
		require.ErrorIs(t, err, syscall.EINVAL)
		_, err = ctx.CurvePublic(strings.Repeat("~", 40))
		require.ErrorIs(t, err, syscall.EINVAL)
	}
	_, err = zmqffi.CurvePublic("short")
	require.ErrorIs(t, err, syscall.EINVAL)
}

func testCurveOptions(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	s := NewSocket(t, ctx, zmqffi.DEALER)
	m, err := s.Mechanism()
	require.NoError(t, err)
	assert.Equal(t, zmqffi.MechanismNull, m)
	assert.Equal(t, "NULL", m.String())

	require.NoError(t, s.SetZAPDomain("global"))
	d, err := s.ZAPDomain()
	require.NoError(t, err)
	assert.Equal(t, "global", d)

	p := NewSocket(t, ctx, zmqffi.DEALER)
	require.NoError(t, p.SetPlainUsername("admin"))
	require.NoError(t, p.SetPlainPassword("secret"))
	u, err := p.PlainUsername()
	require.NoError(t, err)
	assert.Equal(t, "admin", u)
	pw, err := p.PlainPassword()
	require.NoError(t, err)
	assert.Equal(t, "secret", pw)
	m, err = p.Mechanism()
	require.NoError(t, err)
	assert.Equal(t, zmqffi.MechanismPlain, m)
	ps := NewSocket(t, ctx, zmqffi.ROUTER)
	require.NoError(t, ps.SetPlainServer(true))
	on, err := ps.PlainServer()
	require.NoError(t, err)
	assert.True(t, on)

	has, err := ctx.Has("curve")
	require.NoError(t, err)
	c := NewSocket(t, ctx, zmqffi.DEALER)
	if !has {
		require.ErrorIs(t, c.SetCurveServer(true), zmqffi.ErrNotSupported)
		return
	}
	pub, sec, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	srvPub, _, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	require.NoError(t, c.SetCurvePublicKey(pub))
	rawSec, err := ctx.Z85Decode(sec)
	require.NoError(t, err)
	require.NoError(t, c.SetCurveSecretKey(string(rawSec)), "32 raw bytes are a key too")
	require.NoError(t, c.SetCurveServerKey(srvPub))
	for name, want := range map[string]string{"public": pub, "secret": sec, "server": srvPub} {
		var got string
		switch name {
		case "public":
			got, err = c.CurvePublicKey()
		case "secret":
			got, err = c.CurveSecretKey()
		case "server":
			got, err = c.CurveServerKey()
		}
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	m, err = c.Mechanism()
	require.NoError(t, err)
	assert.Equal(t, zmqffi.MechanismCurve, m)
	assert.Equal(t, "CURVE", m.String())

	require.ErrorIs(t, c.SetCurveServerKey("too short"), syscall.EINVAL)
	require.ErrorIs(t, c.SetCurveServerKey(strings.Repeat("~", 40)), syscall.EINVAL, "not Z85")
	srv := NewSocket(t, ctx, zmqffi.ROUTER)
	require.NoError(t, srv.SetCurveServer(true))
	on, err = srv.CurveServer()
	require.NoError(t, err)
	assert.True(t, on)
}

// securePair is a PULL server bound on tcp and the endpoint clients use.
func securePull(t *testing.T, ctx *zmqffi.Context, setup func(*zmqffi.Socket)) (*zmqffi.Socket, string) {
	t.Helper()
	srv := NewSocket(t, ctx, zmqffi.PULL)
	setup(srv)
	return srv, BindEndpoint(t, srv, "tcp")
}

// sendFrom connects a PUSH client set up by setup to ep and queues msg.
func sendFrom(t *testing.T, ctx *zmqffi.Context, ep, msg string, setup func(*zmqffi.Socket)) *zmqffi.Socket {
	t.Helper()
	cl := NewSocket(t, ctx, zmqffi.PUSH)
	setup(cl)
	require.NoError(t, cl.Connect(ep))
	require.NoError(t, cl.SendString(msg, 0))
	return cl
}

// delivered requires srv to receive msg within waitLimit.
func delivered(t *testing.T, srv *zmqffi.Socket, msg string) {
	t.Helper()
	require.NoError(t, srv.SetRcvTimeout(waitLimit))
	got, err := srv.RecvString(0)
	require.NoError(t, err, "%q was not delivered", msg)
	require.Equal(t, msg, got)
}

// refused requires srv to receive nothing from client for refusedWait, then
// closes the client: libzmq keeps reconnecting a refused client, which a
// later change of the rules would let in with its queued message.
func refused(t *testing.T, srv, client *zmqffi.Socket, what string) {
	t.Helper()
	require.NoError(t, srv.SetRcvTimeout(refusedWait))
	got, err := srv.RecvString(0)
	require.ErrorIs(t, err, syscall.EAGAIN, "%s: received %q", what, got)
	require.NoError(t, client.Close())
}

func testCurveAuth(t *testing.T, ctx *zmqffi.Context) {
	needCurve(t, ctx)
	srvPub, srvSec, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	cliPub, cliSec, err := ctx.NewCurveKeypair()
	require.NoError(t, err)
	strangerPub, strangerSec, err := ctx.NewCurveKeypair()
	require.NoError(t, err)

	a, err := ctx.StartAuth()
	require.NoError(t, err)
	defer func() { assert.NoError(t, a.Stop()) }()
	require.NoError(t, a.AllowCurve(zmqffi.AnyDomain, cliPub))
	require.Error(t, a.AllowCurve(zmqffi.AnyDomain, "not a key"))

	srv, ep := securePull(t, ctx, func(s *zmqffi.Socket) {
		require.NoError(t, s.SetCurveServer(true))
		require.NoError(t, s.SetCurveSecretKey(srvSec))
	})
	client := func(serverKey, pub, sec string) func(*zmqffi.Socket) {
		return func(s *zmqffi.Socket) {
			require.NoError(t, s.SetCurveServerKey(serverKey))
			require.NoError(t, s.SetCurvePublicKey(pub))
			require.NoError(t, s.SetCurveSecretKey(sec))
		}
	}

	cl := sendFrom(t, ctx, ep, "wrong server key", client(strangerPub, cliPub, cliSec))
	refused(t, srv, cl, "a client with the wrong server key")
	cl = sendFrom(t, ctx, ep, "unknown client key", client(srvPub, strangerPub, strangerSec))
	refused(t, srv, cl, "a client whose key the ZAP handler does not allow")
	cl = sendFrom(t, ctx, ep, "plain text", func(*zmqffi.Socket) {})
	refused(t, srv, cl, "a NULL client of a CURVE server")

	sendFrom(t, ctx, ep, "good key", client(srvPub, cliPub, cliSec))
	delivered(t, srv, "good key")
	m, err := srv.Mechanism()
	require.NoError(t, err)
	assert.Equal(t, zmqffi.MechanismCurve, m)

	// Any key: the stranger gets in (on a new connection), the wrong server
	// key still does not.
	a.AllowAnyCurve(zmqffi.AnyDomain)
	sendFrom(t, ctx, ep, "any key", client(srvPub, strangerPub, strangerSec))
	delivered(t, srv, "any key")
	cl = sendFrom(t, ctx, ep, "wrong server key again", client(strangerPub, cliPub, cliSec))
	refused(t, srv, cl, "a client with the wrong server key under AllowAnyCurve")
}

func testPlainAuth(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	a, err := ctx.StartAuth()
	require.NoError(t, err)
	defer func() { assert.NoError(t, a.Stop()) }()
	a.AddPlainUser("global", "admin", "secret")
	a.AddPlainUser("other", "guest", "guest")

	srv, ep := securePull(t, ctx, func(s *zmqffi.Socket) {
		require.NoError(t, s.SetPlainServer(true))
		require.NoError(t, s.SetZAPDomain("global"))
	})
	client := func(user, pass string) func(*zmqffi.Socket) {
		return func(s *zmqffi.Socket) {
			require.NoError(t, s.SetPlainUsername(user))
			require.NoError(t, s.SetPlainPassword(pass))
		}
	}
	cl := sendFrom(t, ctx, ep, "bad password", client("admin", "wrong"))
	refused(t, srv, cl, "a wrong password")
	cl = sendFrom(t, ctx, ep, "unknown user", client("nobody", "secret"))
	refused(t, srv, cl, "an unknown user")
	cl = sendFrom(t, ctx, ep, "other domain", client("guest", "guest"))
	refused(t, srv, cl, "a user of another ZAP domain")
	sendFrom(t, ctx, ep, "good password", client("admin", "secret"))
	delivered(t, srv, "good password")

	a.AddPlainUser(zmqffi.AnyDomain, "guest2", "pw")
	sendFrom(t, ctx, ep, "any domain", client("guest2", "pw"))
	delivered(t, srv, "any domain")
	a.RemovePlainUser(zmqffi.AnyDomain, "guest2")
	cl = sendFrom(t, ctx, ep, "removed user", client("guest2", "pw"))
	refused(t, srv, cl, "a removed user")
}

func testAddressAuth(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	a, err := ctx.StartAuth()
	require.NoError(t, err)
	defer func() { assert.NoError(t, a.Stop()) }()
	null := func(*zmqffi.Socket) {}
	srv, ep := securePull(t, ctx, func(s *zmqffi.Socket) {
		// NULL servers consult ZAP only with a domain.
		require.NoError(t, s.SetZAPDomain("test"))
	})
	sendFrom(t, ctx, ep, "no rules", null)
	delivered(t, srv, "no rules")

	a.Deny("127.0.0.1")
	cl := sendFrom(t, ctx, ep, "denied", null)
	refused(t, srv, cl, "a client from a denied address")

	// An allow list overrides the deny list.
	a.Allow("127.0.0.1")
	sendFrom(t, ctx, ep, "allowed", null)
	delivered(t, srv, "allowed")
}

func testAllowListOnly(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	a, err := ctx.StartAuth()
	require.NoError(t, err)
	defer func() { assert.NoError(t, a.Stop()) }()
	a.Allow("192.0.2.1") // TEST-NET-1: not us
	srv, ep := securePull(t, ctx, func(s *zmqffi.Socket) { require.NoError(t, s.SetZAPDomain("test")) })
	cl := sendFrom(t, ctx, ep, "not allowed", func(*zmqffi.Socket) {})
	refused(t, srv, cl, "a client not on the allow list")

	// Without a ZAP domain, a NULL server does not ask the handler.
	open := NewSocket(t, ctx, zmqffi.PULL)
	sendFrom(t, ctx, BindEndpoint(t, open, "tcp"), "no domain", func(*zmqffi.Socket) {})
	delivered(t, open, "no domain")
}

func testAuthLifecycle(t *testing.T, ctx *zmqffi.Context) {
	needV4(t, ctx)
	a, err := ctx.StartAuth()
	require.NoError(t, err)
	_, err = ctx.StartAuth()
	require.Error(t, err, "one handler per context")
	assert.Contains(t, err.Error(), "already")

	// A handler in another context on the same library is independent.
	other, err := zmqffi.NewContext(zmqffi.WithSoname(ctx.LibraryPath()))
	require.NoError(t, err)
	b, err := other.StartAuth()
	require.NoError(t, err)
	require.NoError(t, b.Stop())
	require.NoError(t, other.Term())

	require.NoError(t, a.Stop())
	select {
	case <-a.Done():
	default:
		t.Fatal("Done is not closed after Stop")
	}
	require.NoError(t, a.Stop(), "Stop is idempotent")

	// A stopped handler's place can be taken again, and the new one works.
	for i := 0; i < 3; i++ {
		a, err = ctx.StartAuth()
		require.NoError(t, err, "restart %d", i)
		a.Deny("127.0.0.1")
		srv, ep := securePull(t, ctx, func(s *zmqffi.Socket) { require.NoError(t, s.SetZAPDomain("d")) })
		cl := sendFrom(t, ctx, ep, fmt.Sprint("denied ", i), func(*zmqffi.Socket) {})
		refused(t, srv, cl, "a denied client after a restart")
		require.NoError(t, a.Stop())
	}
}

func testAuthStopsOnTerm(t *testing.T, tg testenv.Target) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
	require.NoError(t, err)
	if ctx.Version().Major < 4 {
		require.NoError(t, ctx.Term())
		t.Skipf("libzmq %s: checked by NotSupportedBefore4", ctx.Version())
	}
	a, err := ctx.StartAuth()
	require.NoError(t, err)
	termDone := make(chan error, 1)
	go func() { termDone <- ctx.Term() }()
	select {
	case <-a.Done():
	case <-time.After(waitLimit):
		t.Fatal("the ZAP handler did not end on Term")
	}
	select {
	case err := <-termDone:
		require.NoError(t, err)
	case <-time.After(waitLimit):
		t.Fatal("Term hung with a ZAP handler running")
	}
	require.NoError(t, a.Stop(), "Stop after Term")
	_, err = ctx.StartAuth()
	require.ErrorIs(t, err, zmqffi.ErrClosed)
}
