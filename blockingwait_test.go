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
	got := make(chan error, n)
	for _, p := range pulls {
		go func() {
			_, err := p.Recv(0)
			got <- err
		}()
	}
	limit := runtime.GOMAXPROCS(0) - 1
	peak := 0
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); time.Sleep(time.Millisecond) {
		peak = max(peak, zmqffi.BlockingWaiters())
	}
	t.Logf("GOMAXPROCS %d: at most %d of %d waiting goroutines seen blocked in libzmq", runtime.GOMAXPROCS(0), peak, n)
	assert.LessOrEqual(t, peak, limit)
	for i := 0; i < n; i++ { // PUSH deals one to each connected PULL
		require.NoError(t, push.SendString("x", 0))
	}
	for i := 0; i < n; i++ {
		select {
		case err := <-got:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d receivers got their message", i, n)
		}
	}
}
