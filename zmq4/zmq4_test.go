package zmq4_test

import (
	"encoding/binary"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zmq "github.com/zmqffi/zmqffi/zmq4"
)

// newContext returns a context that the test's end terminates (which also
// closes the sockets left open).
func newContext(t *testing.T) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	require.NoError(t, err)
	t.Cleanup(func() { _ = ctx.Term() })
	return ctx
}

func pair(t *testing.T, ctx *zmq.Context) (a, b *zmq.Socket) {
	t.Helper()
	a, err := ctx.NewSocket(zmq.PAIR)
	require.NoError(t, err)
	b, err = ctx.NewSocket(zmq.PAIR)
	require.NoError(t, err)
	ep := fmt.Sprintf("inproc://%s", t.Name())
	require.NoError(t, a.Bind(ep))
	require.NoError(t, b.Connect(ep))
	return a, b
}

func TestErrnoComparable(t *testing.T) {
	ctx := newContext(t)
	a, _ := pair(t, ctx)

	_, err := a.Recv(zmq.DONTWAIT)
	assert.True(t, err == zmq.Errno(syscall.EAGAIN), "%#v", err)
	assert.Equal(t, zmq.Errno(syscall.EAGAIN), zmq.AsErrno(err))

	req, err := ctx.NewSocket(zmq.REQ)
	require.NoError(t, err)
	defer req.Close()
	_, err = req.Recv(0)
	assert.True(t, err == zmq.EFSM, "%#v", err)
	assert.Equal(t, "Operation cannot be accomplished in current state", err.Error())

	err = a.Bind("bogus://x")
	assert.True(t, err == zmq.EPROTONOSUPPORT, "%#v", err)
}

func TestTimeoutTruncatedToMilliseconds(t *testing.T) {
	ctx := newContext(t)
	a, _ := pair(t, ctx)

	require.NoError(t, a.SetRcvtimeo(1500*time.Microsecond))
	d, err := a.GetRcvtimeo()
	require.NoError(t, err)
	assert.Equal(t, time.Millisecond, d)

	require.NoError(t, a.SetRcvtimeo(30*time.Millisecond))
	start := time.Now()
	_, err = a.Recv(0)
	assert.True(t, err == zmq.Errno(syscall.EAGAIN), "%#v", err)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
}

func TestCloseFromOtherGoroutineWakesReceiver(t *testing.T) {
	ctx := newContext(t)
	a, b := pair(t, ctx)
	defer b.Close()

	done := make(chan error)
	go func() {
		_, err := a.Recv(0)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, a.Close())
	select {
	case err := <-done:
		assert.Equal(t, zmq.ErrorSocketClosed, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Recv did not return after Close")
	}
	assert.NoError(t, a.Close(), "a second Close")
	assert.Equal(t, "Socket(CLOSED)", a.String())
}

func TestTermReturnsETERM(t *testing.T) {
	ctx, err := zmq.NewContext()
	require.NoError(t, err)
	a, b := pair(t, ctx)

	done := make(chan error)
	go func() {
		_, err := a.Recv(0)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, ctx.Term(), "Term closes the forgotten sockets")
	select {
	case err := <-done:
		assert.True(t, err == zmq.ETERM, "%#v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("Recv did not return after Term")
	}
	_, err = b.Send("x", 0)
	assert.True(t, err == zmq.ETERM, "%#v", err)
	_, err = ctx.NewSocket(zmq.PAIR)
	assert.Equal(t, zmq.ErrorContextClosed, err)
}

func TestPollerIDsAndPollAll(t *testing.T) {
	ctx := newContext(t)
	a, b := pair(t, ctx)

	p := zmq.NewPoller()
	assert.Equal(t, 0, p.Add(a, zmq.POLLIN))
	assert.Equal(t, 1, p.Add(b, zmq.POLLIN))
	polled, err := p.PollAll(0)
	require.NoError(t, err)
	require.Len(t, polled, 2)
	assert.Equal(t, zmq.State(0), polled[0].Events)

	_, err = b.Send("hello", 0)
	require.NoError(t, err)
	polled, err = p.Poll(time.Second)
	require.NoError(t, err)
	require.Len(t, polled, 1)
	assert.Same(t, a, polled[0].Socket)
	assert.Equal(t, zmq.POLLIN, polled[0].Events)

	prev, err := p.Update(1, zmq.POLLOUT)
	require.NoError(t, err)
	assert.Equal(t, zmq.POLLIN, prev)
	polled, err = p.PollAll(0)
	require.NoError(t, err)
	assert.Equal(t, []zmq.State{zmq.POLLIN, zmq.POLLOUT}, []zmq.State{polled[0].Events, polled[1].Events})

	require.NoError(t, p.Remove(0))
	assert.Equal(t, zmq.ErrorNoSocket, p.Remove(1))
	assert.True(t, strings.HasPrefix(p.String(), "Poller[Socket(PAIR,"), p.String())
}

func TestSocketString(t *testing.T) {
	ctx := newContext(t)
	s, err := ctx.NewSocket(zmq.DEALER)
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, strings.HasPrefix(s.String(), "Socket(DEALER,0x"), s.String())
	require.NoError(t, s.SetIdentity("me"))
	assert.Equal(t, `Socket(DEALER,"me")`, s.String())
	assert.Equal(t, `Socket(DEALER,"me")`, fmt.Sprint(*s))
}

func TestSetSonameAfterDefaultContext(t *testing.T) {
	major, _, _ := zmq.Version()
	require.NotZero(t, major)
	assert.Error(t, zmq.SetSoname("libzmq.so.5"))
}

func TestRetryAfterEINTRKept(t *testing.T) {
	ctx := newContext(t)
	assert.True(t, ctx.GetRetryAfterEINTR())
	ctx.SetRetryAfterEINTR(false)
	assert.False(t, ctx.GetRetryAfterEINTR())
}

func TestProxySteerableFromControlSocket(t *testing.T) {
	ctx := newContext(t)
	front, err := ctx.NewSocket(zmq.PULL)
	require.NoError(t, err)
	back, err := ctx.NewSocket(zmq.PUSH)
	require.NoError(t, err)
	ctlIn, err := ctx.NewSocket(zmq.PAIR)
	require.NoError(t, err)
	ctlOut, err := ctx.NewSocket(zmq.PAIR)
	require.NoError(t, err)
	require.NoError(t, front.Bind("inproc://front"))
	require.NoError(t, back.Bind("inproc://back"))
	require.NoError(t, ctlIn.Bind("inproc://control"))
	require.NoError(t, ctlOut.Connect("inproc://control"))
	in, err := ctx.NewSocket(zmq.PUSH)
	require.NoError(t, err)
	out, err := ctx.NewSocket(zmq.PULL)
	require.NoError(t, err)
	require.NoError(t, in.Connect("inproc://front"))
	require.NoError(t, out.Connect("inproc://back"))
	require.NoError(t, out.SetRcvtimeo(5*time.Second))

	if major, minor, patch := zmq.Version(); major < 4 || major == 4 && minor == 0 && patch < 5 {
		assert.Equal(t, zmq.ErrorNotImplemented405, zmq.ProxySteerable(front, back, nil, ctlIn))
		return
	}
	done := make(chan error)
	go func() { done <- zmq.ProxySteerable(front, back, nil, ctlIn) }()
	_, err = in.Send("one", 0)
	require.NoError(t, err)
	msg, err := out.Recv(0)
	require.NoError(t, err)
	assert.Equal(t, "one", msg)

	// PAUSE, then STATISTICS (libzmq 4.3+), whose reply says that the PAUSE
	// before it was done.
	if major, minor, _ := zmq.Version(); major > 4 || major == 4 && minor >= 3 {
		_, err = ctlOut.Send("PAUSE", 0)
		require.NoError(t, err)
		_, err = ctlOut.Send("STATISTICS", 0)
		require.NoError(t, err)
		require.NoError(t, ctlOut.SetRcvtimeo(5*time.Second))
		stats, err := ctlOut.RecvMessageBytes(0)
		require.NoError(t, err)
		require.Len(t, stats, 8, "eight counters")
		assert.Equal(t, uint64(1), binary.NativeEndian.Uint64(stats[0]), "frontend messages in")
		_, err = in.Send("two", 0)
		require.NoError(t, err)
		time.Sleep(100 * time.Millisecond)
		_, err = out.Recv(zmq.DONTWAIT)
		assert.True(t, err == zmq.Errno(syscall.EAGAIN), "paused: %v", err)
		_, err = ctlOut.Send("RESUME", 0)
		require.NoError(t, err)
		msg, err = out.Recv(0)
		require.NoError(t, err)
		assert.Equal(t, "two", msg)
	}

	_, err = ctlOut.Send("TERMINATE", 0)
	require.NoError(t, err)
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("ProxySteerable did not return after TERMINATE")
	}
}

func TestOptionsByName(t *testing.T) {
	ctx := newContext(t)
	s, err := ctx.NewSocket(zmq.SUB)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SetSubscribe("x"))
	require.NoError(t, s.SetSndhwm(500), "ZMQ_HWM on 2.x")
	n, err := s.GetSndhwm()
	require.NoError(t, err)
	assert.Equal(t, 500, n)
	typ, err := s.GetType()
	require.NoError(t, err)
	assert.Equal(t, zmq.SUB, typ)
	require.NoError(t, s.Close())
	_, err = s.GetSndhwm()
	assert.Equal(t, zmq.ErrorSocketClosed, err)
}
