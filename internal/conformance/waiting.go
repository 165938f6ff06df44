package conformance

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// wakeLimit bounds how long a cancellation, a Close or a Term may take to
// end a wait (promptly means microseconds; this leaves room for a loaded CI
// machine and the race detector).
const wakeLimit = 2 * time.Second

// runWaiting runs the tests of the Poller and of context.Context waits
// against one library.
func runWaiting(t *testing.T, tg testenv.Target) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *zmqffi.Context)
	}{
		{"Poller", testPoller},
		{"PollerSameLibraryCopy", func(t *testing.T, ctx *zmqffi.Context) { testPollerCopy(t, ctx) }},
		{"PollerClosedSocket", testPollerClosed},
		{"PollerTerm", func(t *testing.T, _ *zmqffi.Context) { testPollerTerm(t, tg) }},
		{"RecvContext", testRecvContext},
		{"SendContext", testSendContext},
		{"ContextStress", testContextStress},
		{"BlockingWait", testBlockingWait},
		{"PollContext", testPollContext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			tc.fn(t, ctx)
		})
	}
}

// pollEnd is one end of what pipe returns: its descriptor, for AddFD.
type pollEnd interface {
	Fd() uintptr
	Read([]byte) (int, error)
	Write([]byte) (int, error)
}

// pushPull returns a PULL bound on transport in pullCtx and a PUSH of
// pushCtx connected to it.
func pushPull(t testing.TB, pullCtx, pushCtx *zmqffi.Context, transport string) (pull, push *zmqffi.Socket) {
	t.Helper()
	pull = NewSocket(t, pullCtx, zmqffi.PULL)
	push = NewSocket(t, pushCtx, zmqffi.PUSH)
	require.NoError(t, push.Connect(BindEndpoint(t, pull, transport)))
	return pull, push
}

// item is a PolledItem in a form that testify prints readably.
type item struct {
	sock   *zmqffi.Socket
	fd     int
	events zmqffi.PollEvent
}

func items(ready []zmqffi.PolledItem) []item {
	out := []item{}
	for _, r := range ready {
		out = append(out, item{r.Socket, r.FD, r.Events})
	}
	return out
}

// pollerChecks exercises a poller holding pulls (PULL sockets, each fed by
// the PUSH at the same index) and a pipe: the same checks whatever path Poll
// takes (one library's zmq_poll, or ZMQ_FD and poll(2)).
func pollerChecks(t *testing.T, pulls, pushes []*zmqffi.Socket) {
	p := zmqffi.NewPoller()
	for _, s := range pulls {
		require.NoError(t, p.Add(s, zmqffi.PollIn))
	}
	r, w := pipe(t)
	require.NoError(t, p.AddFD(int(r.Fd()), zmqffi.PollIn))
	assert.Equal(t, len(pulls)+1, p.Len())

	// Nothing ready: Poll(0) looks, Poll(d) waits d.
	ready, err := p.Poll(0)
	require.NoError(t, err)
	assert.Empty(t, ready)
	start := time.Now()
	ready, err = p.Poll(60 * time.Millisecond)
	took := time.Since(start)
	require.NoError(t, err)
	assert.Empty(t, ready)
	assert.GreaterOrEqual(t, took, 60*time.Millisecond)
	assert.Less(t, took, 60*time.Millisecond+wakeLimit)

	// One message at a time, to each socket in turn (last first): exactly
	// that socket is reported, and once drained it is not any more.
	for k := len(pulls) - 1; k >= 0; k-- {
		msg := fmt.Sprintf("to %d", k)
		require.NoError(t, pushes[k].SendString(msg, 0))
		ready, err = p.Poll(waitLimit)
		require.NoError(t, err)
		require.Equal(t, []item{{pulls[k], -1, zmqffi.PollIn}}, items(ready), "message %d", k)
		got, err := pulls[k].RecvString(zmqffi.DontWait)
		require.NoError(t, err)
		assert.Equal(t, msg, got)
		ready, err = p.Poll(0)
		require.NoError(t, err)
		assert.Empty(t, items(ready), "socket %d drained", k)
	}

	// The descriptor, with a socket: reported in the order added.
	_, err = w.Write([]byte{1})
	require.NoError(t, err)
	require.NoError(t, pushes[0].SendString("both", 0))
	want := []item{{pulls[0], -1, zmqffi.PollIn}, {nil, int(r.Fd()), zmqffi.PollIn}}
	deadline := time.Now().Add(waitLimit)
	for {
		ready, err = p.Poll(waitLimit)
		require.NoError(t, err)
		if len(ready) == 2 || time.Now().After(deadline) {
			break
		}
	}
	require.Equal(t, want, items(ready))
	_, err = pulls[0].Recv(zmqffi.DontWait)
	require.NoError(t, err)
	_, err = r.Read(make([]byte, 1))
	require.NoError(t, err)

	// Several messages: drain each socket while HasPollin, as with ZMQ_FD.
	const per = 20
	for i := 0; i < per; i++ {
		for _, push := range pushes {
			require.NoError(t, push.SendString(fmt.Sprint(i), 0))
		}
	}
	received := make([]int, len(pulls))
	total := 0
	deadline = time.Now().Add(waitLimit)
	for total < per*len(pulls) {
		require.True(t, time.Now().Before(deadline), "received %v of %d each", received, per)
		ready, err = p.Poll(waitLimit)
		require.NoError(t, err)
		for _, it := range ready {
			require.NotNil(t, it.Socket, "the pipe is empty")
			k := indexOf(pulls, it.Socket)
			require.GreaterOrEqual(t, k, 0)
			for {
				got, err := it.Socket.RecvString(zmqffi.DontWait)
				if errors.Is(err, syscall.EAGAIN) {
					break
				}
				require.NoError(t, err)
				require.Equal(t, fmt.Sprint(received[k]), got, "socket %d: in order, once each", k)
				received[k]++
				total++
			}
		}
	}
	ready, err = p.Poll(0)
	require.NoError(t, err)
	assert.Empty(t, items(ready))

	// PollOut: a connected PUSH can send; Update and Remove.
	require.NoError(t, p.Add(pushes[0], zmqffi.PollOut))
	ready, err = p.Poll(waitLimit)
	require.NoError(t, err)
	assert.Equal(t, []item{{pushes[0], -1, zmqffi.PollOut}}, items(ready))
	require.NoError(t, p.Update(pushes[0], 0))
	ready, err = p.Poll(0)
	require.NoError(t, err)
	assert.Empty(t, items(ready), "after Update to no events")
	require.NoError(t, p.Update(pushes[0], zmqffi.PollIn|zmqffi.PollOut))
	ready, err = p.Poll(0)
	require.NoError(t, err)
	assert.Equal(t, []item{{pushes[0], -1, zmqffi.PollOut}}, items(ready), "only what is ready is reported")
	require.NoError(t, p.Remove(pushes[0]))
	require.ErrorIs(t, p.Remove(pushes[0]), syscall.EINVAL)
	require.ErrorIs(t, p.Update(pushes[0], zmqffi.PollIn), syscall.EINVAL)

	// The pipe's write end, writable; then removed.
	require.NoError(t, p.AddFD(int(w.Fd()), zmqffi.PollOut))
	ready, err = p.Poll(0)
	require.NoError(t, err)
	assert.Equal(t, []item{{nil, int(w.Fd()), zmqffi.PollOut}}, items(ready))
	require.NoError(t, p.RemoveFD(int(w.Fd())))
	require.ErrorIs(t, p.RemoveFD(int(w.Fd())), syscall.EINVAL)
	require.ErrorIs(t, p.UpdateFD(int(w.Fd()), zmqffi.PollIn), syscall.EINVAL)

	// Misuse is refused.
	require.ErrorIs(t, p.Add(pulls[0], zmqffi.PollIn), syscall.EINVAL, "added twice")
	require.ErrorIs(t, p.AddFD(int(r.Fd()), zmqffi.PollIn), syscall.EINVAL, "added twice")
	require.ErrorIs(t, p.Add(pulls[0], zmqffi.PollErr), syscall.EINVAL)
	require.ErrorIs(t, p.AddFD(-1, zmqffi.PollIn), syscall.EINVAL)
	require.ErrorIs(t, p.Add(nil, zmqffi.PollIn), syscall.EINVAL)
	empty := zmqffi.NewPoller()
	_, err = empty.Poll(-1)
	require.ErrorIs(t, err, syscall.EINVAL, "an empty poller cannot wait forever")
	ready, err = empty.Poll(time.Millisecond)
	require.NoError(t, err)
	assert.Empty(t, ready)
}

func indexOf(socks []*zmqffi.Socket, s *zmqffi.Socket) int {
	for i, x := range socks {
		if x == s {
			return i
		}
	}
	return -1
}

// testPoller polls sockets of one library, through its zmq_poll.
func testPoller(t *testing.T, ctx *zmqffi.Context) {
	other := NewContext(t, testenv.Target{Soname: ctx.LibraryPath()}) // same library, other context
	var pulls, pushes []*zmqffi.Socket
	for i, tr := range []string{"tcp", "inproc", "tcp"} {
		pullCtx := ctx
		if i == 2 {
			pullCtx = other
		}
		pull, push := pushPull(t, pullCtx, pullCtx, tr)
		pulls, pushes = append(pulls, pull), append(pushes, push)
	}
	pollerChecks(t, pulls, pushes)
}

// testPollerCopy polls sockets of the library and of a copy of it: two
// libraries, so Poll takes the ZMQ_FD and poll(2) path.
func testPollerCopy(t *testing.T, ctx *zmqffi.Context) {
	cp := NewContext(t, testenv.Target{Soname: testenv.CopyLibrary(t, ctx.LibraryPath())})
	require.NotEqual(t, ctx.LibraryPath(), cp.LibraryPath())
	require.Equal(t, ctx.Version(), cp.Version())
	var pulls, pushes []*zmqffi.Socket
	for i, c := range []*zmqffi.Context{ctx, cp, ctx, cp} {
		other := []*zmqffi.Context{cp, ctx}[i%2]
		pull, push := pushPull(t, c, other, "tcp") // fed across libraries
		pulls, pushes = append(pulls, pull), append(pushes, push)
	}
	pollerChecks(t, pulls, pushes)
}

// pollUntilClosed runs Poll(-1) on p on another goroutine, closes victim
// with closeFn, and checks that Poll returns the victim with PollErr and
// ErrClosed promptly.
func pollUntilClosed(t *testing.T, p *zmqffi.Poller, victim *zmqffi.Socket, closeFn func()) {
	t.Helper()
	type result struct {
		ready []item
		err   error
	}
	done := make(chan result, 1)
	go func() {
		ready, err := p.Poll(-1)
		done <- result{items(ready), err}
	}()
	time.Sleep(30 * time.Millisecond) // let it wait
	start := time.Now()
	closeFn()
	select {
	case res := <-done:
		require.ErrorIs(t, res.err, zmqffi.ErrClosed)
		assert.Equal(t, []item{{victim, -1, zmqffi.PollErr}}, res.ready)
		assert.Less(t, time.Since(start), wakeLimit)
	case <-time.After(waitLimit):
		t.Fatal("closing a socket did not end the Poll")
	}
}

func testPollerClosed(t *testing.T, ctx *zmqffi.Context) {
	cp := NewContext(t, testenv.Target{Soname: testenv.CopyLibrary(t, ctx.LibraryPath())})
	for _, mixed := range []bool{false, true} {
		t.Run(fmt.Sprintf("mixed=%v", mixed), func(t *testing.T) {
			a, _ := pushPull(t, ctx, ctx, "inproc")
			bctx := ctx
			if mixed {
				bctx = cp
			}
			b, pb := pushPull(t, bctx, bctx, "tcp")
			p := zmqffi.NewPoller()
			require.NoError(t, p.Add(a, zmqffi.PollIn))
			require.NoError(t, p.Add(b, zmqffi.PollIn))
			pollUntilClosed(t, p, a, func() { require.NoError(t, a.Close()) })
			// Still reported until removed; then the others poll again.
			ready, err := p.Poll(0)
			require.ErrorIs(t, err, zmqffi.ErrClosed)
			assert.Equal(t, []item{{a, -1, zmqffi.PollErr}}, items(ready))
			require.NoError(t, p.Remove(a))
			require.ErrorIs(t, p.Add(a, zmqffi.PollIn), zmqffi.ErrClosed)
			require.NoError(t, pb.SendString("after", 0))
			ready, err = p.Poll(waitLimit)
			require.NoError(t, err)
			assert.Equal(t, []item{{b, -1, zmqffi.PollIn}}, items(ready))
			got, err := b.RecvString(0)
			require.NoError(t, err)
			assert.Equal(t, "after", got)
		})
	}
}

// testPollerTerm: Term from another goroutine ends a Poll on the context's
// sockets.
func testPollerTerm(t *testing.T, tg testenv.Target) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
	require.NoError(t, err)
	s, err := ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	BindEndpoint(t, s, "inproc")
	p := zmqffi.NewPoller()
	require.NoError(t, p.Add(s, zmqffi.PollIn))
	pollUntilClosed(t, p, s, func() { require.NoError(t, ctx.Term()) })
}

func testRecvContext(t *testing.T, ctx *zmqffi.Context) {
	pull, push := pushPull(t, ctx, ctx, "tcp")
	require.NoError(t, pull.SetRcvTimeout(-1))

	// Cancelled while waiting: ctx.Err() promptly, and the socket still works.
	c, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := pull.RecvContext(c, 0)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 30*time.Millisecond+wakeLimit)
	require.NoError(t, push.SendString("after cancel", 0))
	got, err := pull.RecvContext(context.Background(), 0)
	require.NoError(t, err)
	assert.Equal(t, "after cancel", string(got))

	// A deadline.
	start = time.Now() // before the deadline's clock starts, or the wait looks short
	c, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = pull.RecvIntoContext(c, make([]byte, 8), 0)
	took := time.Since(start)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.GreaterOrEqual(t, took, 50*time.Millisecond)
	assert.Less(t, took, 50*time.Millisecond+wakeLimit)

	// Done before the call: nothing is received, the message stays queued.
	require.NoError(t, push.SendMultipart([][]byte{[]byte("kept"), []byte("whole")}, 0))
	require.Eventually(t, func() bool { in, _ := pull.HasPollin(); return in }, waitLimit, time.Millisecond)
	done, cancelDone := context.WithCancel(context.Background())
	cancelDone()
	_, err = pull.RecvContext(done, 0)
	require.ErrorIs(t, err, context.Canceled)
	_, err = pull.RecvMultipartContext(done, 0)
	require.ErrorIs(t, err, context.Canceled)
	_, err = pull.RecvIntoContext(done, make([]byte, 8), 0)
	require.ErrorIs(t, err, context.Canceled)
	parts, err := pull.RecvMultipartContext(context.Background(), 0)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("kept"), []byte("whole")}, parts)

	// RecvMultipartContext waiting, then served.
	go func() {
		time.Sleep(20 * time.Millisecond)
		_ = push.SendMultipart([][]byte{[]byte("a"), []byte("b"), []byte("c")}, 0)
	}()
	c, cancel = context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	parts, err = pull.RecvMultipartContext(c, 0)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("a"), []byte("b"), []byte("c")}, parts)

	// The socket's receive timeout still applies, and a nil ctx is none.
	require.NoError(t, pull.SetRcvTimeout(40*time.Millisecond))
	_, err = pull.RecvContext(c, 0)
	require.ErrorIs(t, err, syscall.EAGAIN)
	_, err = pull.RecvContext(nil, 0)
	require.ErrorIs(t, err, syscall.EAGAIN)

	// Close from another goroutine still wins over a live ctx.
	require.NoError(t, pull.SetRcvTimeout(-1))
	time.AfterFunc(30*time.Millisecond, func() { _ = pull.Close() })
	_, err = pull.RecvContext(c, 0)
	require.ErrorIs(t, err, zmqffi.ErrClosed)
}

func testSendContext(t *testing.T, ctx *zmqffi.Context) {
	push := NewSocket(t, ctx, zmqffi.PUSH) // no peer yet: a send waits
	require.NoError(t, push.SetSndTimeout(-1))
	c, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	err := push.SendContext(c, []byte("nobody"), 0)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 30*time.Millisecond+wakeLimit)
	err = push.SendMultipartContext(c, [][]byte{[]byte("x"), []byte("y")}, 0)
	require.ErrorIs(t, err, context.Canceled)

	// The socket is usable: a peer comes and the sends go through. Nothing
	// of the cancelled sends was queued.
	pull := NewSocket(t, ctx, zmqffi.PULL)
	require.NoError(t, push.Connect(BindEndpoint(t, pull, "tcp")))
	c, cancel = context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	require.NoError(t, push.SendContext(c, []byte("first"), 0))
	require.NoError(t, push.SendMultipartContext(c, [][]byte{[]byte("second"), []byte("part")}, 0))
	got, err := pull.RecvMultipart(0)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("first")}, got)
	got, err = pull.RecvMultipart(0)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("second"), []byte("part")}, got)
}

// testContextStress receives numbered messages, sent in bursts at random
// gaps, with RecvContext under random short timeouts and cancellations:
// every message must arrive once, in order, whatever the cancellations hit.
func testContextStress(t *testing.T, ctx *zmqffi.Context) {
	n := 3000
	if testing.Short() {
		n = 500
	}
	ContextStress(t, ctx, n)
}

// ContextStress sends n numbered messages over PUSH/PULL in ctx and
// receives them with RecvContext/RecvIntoContext under random timeouts
// (0–100 µs) and cancellations, requiring each once and in order. It reports
// how many receives were cut short.
func ContextStress(t testing.TB, ctx *zmqffi.Context, n int) (cut int) {
	pull, push := pushPull(t, ctx, ctx, "inproc")
	require.NoError(t, pull.SetRcvTimeout(-1))
	errc := make(chan error, 1)
	var progress atomic.Int64 // messages received so far
	go func() {
		rng := rand.New(rand.NewPCG(1, 2))
		var buf [8]byte
		for i := 0; i < n; {
			// Half the time, let the receiver catch up first, so that it
			// waits, and is cancelled, while the traffic goes on.
			if rng.IntN(2) == 0 {
				for progress.Load() < int64(i) {
					time.Sleep(20 * time.Microsecond)
				}
			}
			for burst := rng.IntN(4) + 1; burst > 0 && i < n; burst-- {
				binary.LittleEndian.PutUint64(buf[:], uint64(i))
				if err := push.Send(buf[:], 0); err != nil {
					errc <- err
					return
				}
				i++
			}
			if g := rng.IntN(150); g < 100 {
				time.Sleep(time.Duration(g) * time.Microsecond)
			}
		}
		errc <- nil
	}()
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 16)
	deadline := time.Now().Add(time.Minute)
	var wg sync.WaitGroup
	for next := 0; next < n; {
		require.True(t, time.Now().Before(deadline), "stuck at message %d of %d", next, n)
		var (
			c      context.Context
			cancel context.CancelFunc
		)
		switch rng.IntN(3) {
		case 0:
			c, cancel = context.WithTimeout(context.Background(), time.Duration(rng.IntN(100))*time.Microsecond)
		case 1:
			c, cancel = context.WithCancel(context.Background())
			wg.Add(1)
			go func(d time.Duration) { defer wg.Done(); time.Sleep(d); cancel() }(time.Duration(rng.IntN(100)) * time.Microsecond)
		default:
			c, cancel = context.WithTimeout(context.Background(), time.Second)
		}
		var (
			got []byte
			err error
		)
		if rng.IntN(2) == 0 {
			got, err = pull.RecvContext(c, 0)
		} else {
			var k int
			k, err = pull.RecvIntoContext(c, buf, 0)
			got = buf[:min(k, len(buf))]
		}
		cancel()
		if err != nil {
			require.True(t, errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded), "%v", err)
			cut++
			continue
		}
		require.Len(t, got, 8)
		require.Equal(t, uint64(next), binary.LittleEndian.Uint64(got), "a message was lost or repeated")
		next++
		progress.Store(int64(next))
	}
	wg.Wait()
	require.NoError(t, <-errc)
	_, err := pull.Recv(zmqffi.DontWait)
	require.ErrorIs(t, err, syscall.EAGAIN, "no message beyond the last")
	return cut
}

// testBlockingWait checks SetBlockingWait: its validation, traffic through
// it, that timeouts and cancellations are kept while it is set, and that a
// Close reaches a goroutine blocked inside libzmq.
func testBlockingWait(t *testing.T, ctx *zmqffi.Context) {
	s := NewSocket(t, ctx, zmqffi.PULL)
	assert.Zero(t, s.BlockingWait(), "off by default")
	require.ErrorIs(t, s.SetBlockingWait(-time.Millisecond), syscall.EINVAL)
	require.NoError(t, s.SetBlockingWait(1500*time.Microsecond))
	assert.Equal(t, 2*time.Millisecond, s.BlockingWait(), "rounded up to whole milliseconds")
	require.NoError(t, s.SetBlockingWait(0))
	assert.Zero(t, s.BlockingWait())
	require.NoError(t, s.SetBlockingWait(zmqffi.AdaptiveWait))
	assert.Equal(t, zmqffi.AdaptiveWait, s.BlockingWait())

	t.Run("RoundTrips", func(t *testing.T) {
		rep := NewSocket(t, ctx, zmqffi.REP)
		req := NewSocket(t, ctx, zmqffi.REQ)
		for _, x := range []*zmqffi.Socket{rep, req} {
			require.NoError(t, x.SetBlockingWait(20*time.Millisecond))
			require.NoError(t, x.SetRcvTimeout(waitLimit))
		}
		require.NoError(t, req.Connect(BindEndpoint(t, rep, "tcp")))
		served := make(chan error, 1)
		go func() {
			buf := make([]byte, 16)
			for i := 0; i < 200; i++ {
				n, err := rep.RecvInto(buf, 0)
				if err == nil {
					err = rep.Send(buf[:n], 0)
				}
				if err != nil {
					served <- err
					return
				}
			}
			served <- nil
		}()
		buf := make([]byte, 16)
		for i := 0; i < 200; i++ {
			msg := fmt.Appendf(nil, "rt %d", i)
			require.NoError(t, req.Send(msg, 0))
			n, err := req.RecvInto(buf, 0)
			require.NoError(t, err)
			require.Equal(t, msg, buf[:n])
		}
		require.NoError(t, <-served)
	})

	t.Run("Timeouts", func(t *testing.T) {
		pull := NewSocket(t, ctx, zmqffi.PULL)
		BindEndpoint(t, pull, "inproc")
		require.NoError(t, pull.SetBlockingWait(20*time.Millisecond))
		for _, timeout := range []time.Duration{50 * time.Millisecond, 500 * time.Microsecond} {
			require.NoError(t, pull.SetRcvTimeout(timeout))
			start := time.Now()
			_, err := pull.Recv(0)
			took := time.Since(start)
			require.ErrorIs(t, err, syscall.EAGAIN)
			assert.GreaterOrEqual(t, took, timeout, "a receive with a %v timeout", timeout)
		}
		push := NewSocket(t, ctx, zmqffi.PUSH) // no peer: a send waits
		require.NoError(t, push.SetBlockingWait(20*time.Millisecond))
		require.NoError(t, push.SetSndTimeout(50*time.Millisecond))
		start := time.Now()
		require.ErrorIs(t, push.SendString("x", 0), syscall.EAGAIN)
		assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	})

	t.Run("ContextCancel", func(t *testing.T) {
		pull := NewSocket(t, ctx, zmqffi.PULL)
		BindEndpoint(t, pull, "inproc")
		require.NoError(t, pull.SetBlockingWait(5*time.Second))
		cctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := pull.RecvContext(cctx, 0)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 2*time.Second, "a wait bound to a context skips the blocking wait")
	})

	t.Run("CloseWakes", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("on Windows every wait is zmq_poll in slices; SetBlockingWait changes nothing")
		}
		if runtime.GOMAXPROCS(0) < 2 {
			t.Skip("with GOMAXPROCS 1 no wait blocks in libzmq")
		}
		pull := NewSocket(t, ctx, zmqffi.PULL)
		BindEndpoint(t, pull, "tcp")
		const bw = 400 * time.Millisecond
		require.NoError(t, pull.SetBlockingWait(bw))
		done := make(chan error, 1)
		started := time.Now()
		go func() {
			_, err := pull.Recv(0)
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		require.NoError(t, pull.Close())
		// Close had to wait for the blocking wait to end: proof that the
		// receive was blocked inside libzmq, holding the socket.
		assert.GreaterOrEqual(t, time.Since(started), bw-50*time.Millisecond, "Close returned before the blocking wait ended")
		select {
		case err := <-done:
			require.ErrorIs(t, err, zmqffi.ErrClosed)
		case <-time.After(waitLimit):
			t.Fatal("Close did not wake the receiver")
		}
		require.ErrorIs(t, pull.SetBlockingWait(time.Millisecond), zmqffi.ErrClosed)
	})
}

// testPollContext checks Poller.PollContext on a poller of one library
// (zmq_poll) and on one mixing two copies of it (poll(2)): a cancellation
// ends the wait before the 100 ms slice it would otherwise wait for, a
// ready item is returned, a context done already returns at once, and a
// Poll after a cancellation still waits its whole timeout.
func testPollContext(t *testing.T, ctx *zmqffi.Context) {
	// An empty poller waits for the context too, even without a timeout.
	cctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	_, err := zmqffi.NewPoller().PollContext(cctx, -1)
	require.ErrorIs(t, err, context.Canceled)

	cp := NewContext(t, testenv.Target{Soname: testenv.CopyLibrary(t, ctx.LibraryPath())})
	for _, mixed := range []bool{false, true} {
		t.Run(map[bool]string{false: "OneLibrary", true: "Mixed"}[mixed], func(t *testing.T) {
			pull, push := pushPull(t, ctx, ctx, "tcp")
			poller := zmqffi.NewPoller()
			require.NoError(t, poller.Add(pull, zmqffi.PollIn))
			if mixed {
				other, _ := pushPull(t, cp, cp, "tcp")
				require.NoError(t, poller.Add(other, zmqffi.PollIn))
			}

			// A cancellation is seen at once, not at the end of a slice: one
			// quick return of three tries is proof, as a slice is 100 ms.
			best := time.Hour
			for try := 0; try < 3 && best >= 80*time.Millisecond; try++ {
				cctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(10*time.Millisecond, cancel)
				start := time.Now()
				ready, err := poller.PollContext(cctx, -1)
				took := time.Since(start)
				require.ErrorIs(t, err, context.Canceled)
				require.Empty(t, ready)
				best = min(best, took)
				cancel()
			}
			t.Logf("cancelled 10 ms in, PollContext returned after %v", best)
			assert.Less(t, best, 80*time.Millisecond, "the cancellation waited for the slice to end")

			// Poll after a cancellation waits its whole timeout.
			start := time.Now()
			ready, err := poller.Poll(30 * time.Millisecond)
			require.NoError(t, err)
			require.Empty(t, ready)
			assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)

			// A deadline, and a ready item.
			dctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			_, err = poller.PollContext(dctx, time.Second)
			cancel()
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.NoError(t, push.SendString("ready", 0))
			rctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ready, err = poller.PollContext(rctx, waitLimit)
			require.NoError(t, err)
			require.Len(t, ready, 1)
			assert.Equal(t, pull, ready[0].Socket)
			msg, err := pull.Recv(0)
			require.NoError(t, err)
			assert.Equal(t, "ready", string(msg))

			// Done already: at once, without polling.
			cancel()
			_, err = poller.PollContext(rctx, waitLimit)
			require.ErrorIs(t, err, context.Canceled)
		})
	}
}
