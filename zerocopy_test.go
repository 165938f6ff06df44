package zmqffi_test

// Zero-copy sends on each library are in the conformance suite; this test
// checks the process-wide release queue, through the hooks of export_test.go.

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestZeroCopyManyLent lends more frames at once than the release queue
// holds, so that the later sends go through the purego callback instead,
// then receives them all: every frame arrives intact, every done runs once,
// and the queue's slots are all free again, twice over.
func TestZeroCopyManyLent(t *testing.T) {
	pull, push := unboundedPair(t)
	_, capacity := zmqffi.LentFrames()
	n := capacity + 2000
	if capacity == 0 {
		n = 5000 // no release queue here: the callback serves every send
	}
	frames := make([][]byte, 64)
	for i := range frames {
		frames[i] = bytes.Repeat([]byte{byte(i)}, 100+i)
	}
	for round := 0; round < 2; round++ {
		var done atomic.Int64
		for i := 0; i < n; i++ {
			require.NoError(t, push.SendZeroCopy(frames[i%len(frames)], 0, func() { done.Add(1) }))
		}
		if capacity > 0 {
			lent, _ := zmqffi.LentFrames()
			assert.Equal(t, capacity, lent, "every slot of the queue lent, the rest sent through the callback")
		}
		for i := 0; i < n; i++ {
			m, err := pull.RecvMessage(0)
			require.NoError(t, err)
			require.Equal(t, frames[i%len(frames)], m.Bytes(), "frame %d", i)
			require.NoError(t, m.Close())
		}
		require.Eventually(t, func() bool { return done.Load() == int64(n) }, 10*time.Second, time.Millisecond,
			"round %d: %d of %d done callbacks", round, done.Load(), n)
		require.Eventually(t, func() bool { lent, _ := zmqffi.LentFrames(); return lent == 0 }, 10*time.Second, time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		assert.Equal(t, int64(n), done.Load(), "a done ran twice")
	}
}

// TestZeroCopyCallbackOnReceiver lends more frames than the release queue
// holds over inproc, so that the receiver's own calls (RecvInto, Recv and
// the ZMQ_EVENTS of HasPollin) release frames through the purego callback on
// the receiving goroutine's thread: every frame arrives intact, with no crash
// from a callback inside a call made without the scheduler's bookkeeping.
func TestZeroCopyCallbackOnReceiver(t *testing.T) {
	pull, push := unboundedPair(t)
	frame := bytes.Repeat([]byte{7}, 200) // stored outside the zmq_msg_t
	var done atomic.Int64
	send := func() { require.NoError(t, push.SendZeroCopy(frame, 0, func() { done.Add(1) })) }
	send() // starts the release queue
	_, capacity := zmqffi.LentFrames()
	n := capacity + 1000
	for i := 1; i < n; i++ {
		send()
	}
	buf := make([]byte, 256)
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			k, err := pull.RecvInto(buf, 0)
			require.NoError(t, err)
			require.Equal(t, frame, buf[:k])
		} else {
			b, err := pull.Recv(0)
			require.NoError(t, err)
			require.Equal(t, frame, b)
		}
		if i%100 == 0 {
			_, err := pull.HasPollin()
			require.NoError(t, err)
		}
	}
	// Recv keeps the last frame it received until the next receive.
	require.Eventually(t, func() bool { return done.Load() >= int64(n-1) }, 10*time.Second, time.Millisecond,
		"%d of %d done callbacks", done.Load(), n)
}

// unboundedPair returns a PULL socket and a PUSH connected to it over
// inproc, both without a high-water mark, so that any number of lent frames
// can queue.
func unboundedPair(t *testing.T) (pull, push *zmqffi.Socket) {
	ctx := conformance.NewContext(t, testenv.Targets(t)[0])
	pull = conformance.NewSocket(t, ctx, zmqffi.PULL)
	push = conformance.NewSocket(t, ctx, zmqffi.PUSH)
	for _, s := range []*zmqffi.Socket{pull, push} {
		require.NoError(t, s.SetSndHWM(0)) // queue without limit
		require.NoError(t, s.SetRcvHWM(0))
	}
	require.NoError(t, push.Connect(conformance.BindEndpoint(t, pull, "inproc")))
	return pull, push
}
