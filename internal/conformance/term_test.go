package conformance

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// termLimit bounds a termination that must not hang: far beyond the
// deadlines the tests give, so that only a hang fails them.
const termLimit = 10 * time.Second

// timed runs fn and returns its error and how long it took, failing the test
// when fn has not returned within termLimit (it is then left running).
func timed(t *testing.T, fn func() error) (error, time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err, time.Since(start)
	case <-time.After(termLimit):
		t.Fatalf("still terminating after %v", termLimit)
		return nil, 0
	}
}

// unboundIPC returns an ipc endpoint that nobody binds yet: a PUSH connected
// to it queues its messages and keeps retrying, and a later Bind delivers
// them. No port can be taken by another process in between.
func unboundIPC(t *testing.T) string {
	skipWithoutAFUnix(t)
	dir, err := os.MkdirTemp("", "zq")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return "ipc://" + filepath.Join(dir, "s")
}

// queuedPush returns a PUSH socket of ctx with libzmq's default linger,
// connected to ep, with one message queued.
func queuedPush(t *testing.T, ctx *zmqffi.Context, ep string) *zmqffi.Socket {
	push, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	linger, err := push.Linger()
	require.NoError(t, err)
	require.Equal(t, time.Duration(-1), linger, "libzmq's default linger")
	require.NoError(t, push.Connect(ep))
	require.NoError(t, push.SendString("lingering", zmqffi.DontWait))
	return push
}

// TestTermContext terminates contexts whose PUSH socket still queues a
// message with libzmq's default linger (forever), on every target:
//   - no peer ever comes: a 200 ms deadline ends TermContext with
//     DeadlineExceeded, not before the deadline and not much after, and
//     the termination is finished (a later Term returns at once);
//   - a ctx that is done already drops the message at once (Canceled);
//   - the peer binds while TermContext waits: the message is delivered and
//     TermContext returns nil before its deadline;
//   - the socket was closed before TermContext: its linger is libzmq's, so
//     TermContext returns at its deadline and the termination finishes in
//     the background once the peer comes, delivering the message.
func TestTermContext(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			t.Run("NoPeer", func(t *testing.T) {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
				require.NoError(t, err)
				queuedPush(t, ctx, unboundIPC(t))
				const deadline = 200 * time.Millisecond
				// Timed from before the deadline is set: timing from the call
				// only lets a slow machine (an emulator) see it return early.
				start := time.Now()
				tctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				err, _ = timed(t, func() error { return ctx.TermContext(tctx) })
				took := time.Since(start)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				assert.GreaterOrEqual(t, took, deadline, "returned before the deadline")
				assert.Less(t, took, deadline+wakeLimit, "returned long after the deadline")
				err, took = timed(t, ctx.Term)
				require.NoError(t, err, "the termination finished")
				assert.Less(t, took, wakeLimit)
			})
			t.Run("DoneAlready", func(t *testing.T) {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
				require.NoError(t, err)
				queuedPush(t, ctx, unboundIPC(t))
				tctx, cancel := context.WithCancel(context.Background())
				cancel()
				err, took := timed(t, func() error { return ctx.TermContext(tctx) })
				require.ErrorIs(t, err, context.Canceled)
				assert.Less(t, took, wakeLimit)
				err, _ = timed(t, ctx.Term)
				require.NoError(t, err)
			})
			t.Run("PeerComes", func(t *testing.T) {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
				require.NoError(t, err)
				peerCtx := NewContext(t, tg)
				ep := unboundIPC(t)
				queuedPush(t, ctx, ep)
				tctx, cancel := context.WithTimeout(context.Background(), termLimit/2)
				defer cancel()
				result := make(chan error, 1)
				go func() { result <- ctx.TermContext(tctx) }()

				time.Sleep(100 * time.Millisecond) // TermContext is waiting now
				pull := NewSocket(t, peerCtx, zmqffi.PULL)
				require.NoError(t, pull.Bind(ep))
				got, err := pull.RecvString(0)
				require.NoError(t, err)
				assert.Equal(t, "lingering", got)
				select {
				case err := <-result:
					require.NoError(t, err, "delivered before the deadline")
				case <-time.After(termLimit):
					t.Fatal("TermContext did not return after the delivery")
				}
			})
			t.Run("ClosedBefore", func(t *testing.T) {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
				require.NoError(t, err)
				peerCtx := NewContext(t, tg)
				ep := unboundIPC(t)
				require.NoError(t, queuedPush(t, ctx, ep).Close())
				tctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				err, _ = timed(t, func() error { return ctx.TermContext(tctx) })
				require.ErrorIs(t, err, context.DeadlineExceeded)

				pull := NewSocket(t, peerCtx, zmqffi.PULL)
				require.NoError(t, pull.Bind(ep))
				got, err := pull.RecvString(0)
				require.NoError(t, err)
				assert.Equal(t, "lingering", got)
				err, _ = timed(t, ctx.Term)
				require.NoError(t, err, "the background termination finished")
			})
		})
	}
}
