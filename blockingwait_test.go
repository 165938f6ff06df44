package zmqffi_test

// The blocking wait's behaviour on each library (traffic, timeouts, context,
// Close) is in the conformance suite; these tests check what only the root
// package can see: the process-wide bound on blocked goroutines and how many
// messages the blocking wait takes, through the hooks of export_test.go.

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestBlockingWaitTakesMessages checks that with SetBlockingWait the
// messages of a tcp round trip are mostly taken by the blocking wait itself,
// not by a park after it.
func TestBlockingWaitTakesMessages(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("on Windows every wait is zmq_poll in slices; SetBlockingWait changes nothing")
	}
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("with GOMAXPROCS 1 no wait blocks in libzmq")
	}
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	rep := conformance.NewSocket(t, ctx, zmqffi.REP)
	req := conformance.NewSocket(t, ctx, zmqffi.REQ)
	require.NoError(t, req.SetBlockingWait(50*time.Millisecond))
	require.NoError(t, req.Connect(conformance.BindEndpoint(t, rep, "tcp")))
	const n = 200
	go func() {
		buf := make([]byte, 16)
		for i := 0; i < n; i++ {
			// The replier sleeps a little, so that every receive of the
			// requester has to wait.
			k, err := rep.RecvInto(buf, 0)
			if err != nil {
				return
			}
			time.Sleep(100 * time.Microsecond)
			if rep.Send(buf[:k], 0) != nil {
				return
			}
		}
	}()
	before := zmqffi.BlockingWaitsReady()
	buf := make([]byte, 16)
	for i := 0; i < n; i++ {
		msg := fmt.Appendf(nil, "%d", i)
		require.NoError(t, req.Send(msg, 0))
		k, err := req.RecvInto(buf, 0)
		require.NoError(t, err)
		require.Equal(t, msg, buf[:k])
	}
	ready := zmqffi.BlockingWaitsReady() - before
	t.Logf("%d of %d replies were taken by a blocking wait", ready, n)
	assert.Greater(t, ready, uint64(n/2), "the replies should be taken by the blocking wait")
}

// TestBlockingWaitBound checks that however many goroutines wait with
// SetBlockingWait, at most GOMAXPROCS-1 are blocked in libzmq at a time, and
// that the others still get their messages.
func TestBlockingWaitBound(t *testing.T) {
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	const n = 40
	pulls := make([]*zmqffi.Socket, n)
	push := conformance.NewSocket(t, ctx, zmqffi.PUSH)
	for i := range pulls {
		pulls[i] = conformance.NewSocket(t, ctx, zmqffi.PULL)
		require.NoError(t, pulls[i].SetBlockingWait(200*time.Millisecond))
		require.NoError(t, pulls[i].SetRcvTimeout(10*time.Second))
		require.NoError(t, push.Connect(conformance.BindEndpoint(t, pulls[i], "inproc")))
	}
	got, peak := startReceivers(pulls, time.Millisecond)
	t.Logf("GOMAXPROCS %d: at most %d of %d waiting goroutines seen blocked in libzmq", runtime.GOMAXPROCS(0), peak, n)
	assert.LessOrEqual(t, peak, runtime.GOMAXPROCS(0)-1)
	deliverOneEach(t, push, got, n)
}

// startReceivers starts a Recv on each socket, then watches for 300 ms how
// many goroutines are in a blocking wait, every interval; it returns the
// channel of the receives' results and the largest number seen.
func startReceivers(pulls []*zmqffi.Socket, interval time.Duration) (<-chan error, int) {
	got := make(chan error, len(pulls))
	for _, p := range pulls {
		go func() {
			_, err := p.Recv(0)
			got <- err
		}()
	}
	peak := 0
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); time.Sleep(interval) {
		peak = max(peak, zmqffi.BlockingWaiters())
	}
	return got, peak
}

// deliverOneEach sends one message to each of the n PULL sockets push is
// connected to (PUSH deals them round-robin) and waits for every receive
// started by startReceivers to succeed.
func deliverOneEach(t *testing.T, push *zmqffi.Socket, got <-chan error, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		require.NoError(t, push.SendString("x", 0))
	}
	for i := 0; i < n; i++ {
		select {
		case err := <-got:
			require.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Fatalf("%d of %d receivers got their message", i, n)
		}
	}
}

// adaptiveRoundTrips makes n REQ/REP round trips over transport with
// AdaptiveWait on the requester, the replier sleeping pause before each reply, and
// returns how many of the requester's waits were ended by a blocking wait
// and how many round trips were quick, as was the one before (only those
// can be: a wait blocks only after a short one, and ends with a message
// only if it is short itself).
func adaptiveRoundTrips(t *testing.T, transport string, n int, pause time.Duration) (ready uint64, quick int) {
	t.Helper()
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	rep := conformance.NewSocket(t, ctx, zmqffi.REP)
	req := conformance.NewSocket(t, ctx, zmqffi.REQ)
	require.NoError(t, req.SetBlockingWait(zmqffi.AdaptiveWait))
	require.NoError(t, rep.SetBlockingWait(0)) // only the requester's waits are counted
	require.NoError(t, req.Connect(conformance.BindEndpoint(t, rep, transport)))
	served := make(chan error, 1)
	go func() {
		buf := make([]byte, 16)
		for i := 0; i < n; i++ {
			k, err := rep.RecvInto(buf, 0)
			if err == nil {
				time.Sleep(pause)
				err = rep.Send(buf[:k], 0)
			}
			if err != nil {
				served <- err
				return
			}
		}
		served <- nil
	}()
	before := zmqffi.BlockingWaitsReady()
	buf := make([]byte, 16)
	prevQuick := true
	for i := 0; i < n; i++ {
		msg := fmt.Appendf(nil, "%d", i)
		start := time.Now()
		require.NoError(t, req.Send(msg, 0))
		k, err := req.RecvInto(buf, 0)
		require.NoError(t, err)
		require.Equal(t, msg, buf[:k])
		isQuick := time.Since(start) < zmqffi.AdaptiveWindow*3/4
		if isQuick && prevQuick {
			quick++
		}
		prevQuick = isQuick
	}
	require.NoError(t, <-served)
	return zmqffi.BlockingWaitsReady() - before, quick
}

// TestAdaptiveWaitPolicy checks the choices of AdaptiveWait:
// round trips over tcp whose replies come soon are taken by blocking waits;
// between goroutines over inproc no wait blocks; and a peer that answers
// later than the blocking wait's window makes the waits park at once, so
// that blocking waits end with a message only now and then.
func TestAdaptiveWaitPolicy(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("with GOMAXPROCS 1 no wait blocks")
	}
	const n = 300
	t.Run("tcp", func(t *testing.T) {
		ready, quick := adaptiveRoundTrips(t, "tcp", n, 0)
		t.Logf("%d blocking waits of %d round trips took a message; %d round trips were quick after a quick one", ready, n, quick)
		if testenv.Race {
			return // its timings are the race detector's; the plain run checks them
		}
		assert.GreaterOrEqual(t, ready, uint64(quick/4), "quick tcp round trips should be taken by blocking waits")
	})
	t.Run("inproc", func(t *testing.T) {
		ready, _ := adaptiveRoundTrips(t, "inproc", n, 0)
		assert.Zero(t, ready, "a socket with an inproc endpoint parks")
	})
	t.Run("slow peer", func(t *testing.T) {
		const slow = 50
		ready, _ := adaptiveRoundTrips(t, "tcp", slow, 3*time.Millisecond)
		t.Logf("%d blocking waits of %d slow round trips took a message", ready, slow)
		// After its first long wait, the requester parks at once.
		assert.LessOrEqual(t, ready, uint64(slow/5), "waits after a long one should park at once")
	})
}

// TestAdaptiveWaitBound checks that however many goroutines wait with
// AdaptiveWait on tcp sockets, at most GOMAXPROCS-1 are in a blocking
// wait at a time, that the process does not start a thread per waiter, and
// that every waiter gets its message.
func TestAdaptiveWaitBound(t *testing.T) {
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	const n = 100
	push := conformance.NewSocket(t, ctx, zmqffi.PUSH)
	ep := conformance.BindEndpoint(t, push, "tcp")
	pulls := make([]*zmqffi.Socket, n)
	for i := range pulls {
		pulls[i] = conformance.NewSocket(t, ctx, zmqffi.PULL)
		require.NoError(t, pulls[i].SetRcvTimeout(20*time.Second))
		require.NoError(t, pulls[i].SetBlockingWait(zmqffi.AdaptiveWait))
		require.NoError(t, pulls[i].Connect(ep))
	}
	threadsBefore := parkThreads(t)
	got, peak := startReceivers(pulls, 100*time.Microsecond)
	threads := parkThreads(t)
	t.Logf("GOMAXPROCS %d: at most %d of %d waiting goroutines seen in a blocking wait; threads %d before, %d while they wait", runtime.GOMAXPROCS(0), peak, n, threadsBefore, threads)
	assert.LessOrEqual(t, peak, runtime.GOMAXPROCS(0)-1)
	assert.Less(t, threads-threadsBefore, n/2, "threads added while %d goroutines wait", n)
	require.Eventually(t, func() bool { ok, _ := push.HasPollout(); return ok }, 10*time.Second, time.Millisecond)
	deliverOneEach(t, push, got, n)
}

// TestAdaptiveWaitClose checks that a Close from another goroutine wakes a
// receiver with AdaptiveWait on a tcp socket, whether it is in a
// blocking wait or parked, and that it returns ErrClosed.
func TestAdaptiveWaitClose(t *testing.T) {
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	for i := 0; i < 50; i++ {
		pull := conformance.NewSocket(t, ctx, zmqffi.PULL)
		require.NoError(t, pull.SetBlockingWait(zmqffi.AdaptiveWait))
		conformance.BindEndpoint(t, pull, "tcp")
		done := make(chan error, 1)
		go func() {
			_, err := pull.Recv(0)
			done <- err
		}()
		time.Sleep(time.Duration(i%5) * 100 * time.Microsecond) // in the blocking wait or after it
		require.NoError(t, pull.Close())
		select {
		case err := <-done:
			require.ErrorIs(t, err, zmqffi.ErrClosed)
		case <-time.After(10 * time.Second):
			t.Fatal("Close did not wake the receiver")
		}
	}
}
