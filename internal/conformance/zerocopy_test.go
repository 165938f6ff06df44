package conformance

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestZeroCopy sends caller-owned buffers without copying (each released
// exactly once, after libzmq is done) and receives into Messages that point
// into libzmq's memory, over inproc and tcp, on every target.
func TestZeroCopy(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			for _, tr := range []string{"inproc", "tcp"} {
				t.Run(tr, func(t *testing.T) {
					pull := NewSocket(t, ctx, zmqffi.PULL)
					push := NewSocket(t, ctx, zmqffi.PUSH)
					require.NoError(t, push.Connect(BindEndpoint(t, pull, tr)))
					const n = 200
					var released atomic.Int64
					bufs := make([][]byte, n)
					for i := range bufs {
						size := 1 + i*331 // small (inline) to 64 KiB
						bufs[i] = bytes.Repeat([]byte{byte(i)}, size)
						require.NoError(t, push.SendZeroCopy(bufs[i], 0, func() { released.Add(1) }))
					}
					for i := 0; i < n; i++ {
						m, err := pull.RecvMessage(0)
						require.NoError(t, err)
						require.True(t, bytes.Equal(bufs[i], m.Bytes()), "frame %d", i)
						assert.False(t, m.More())
						require.NoError(t, m.Close())
						assert.Nil(t, m.Bytes())
						require.NoError(t, m.Close(), "Close is idempotent")
					}
					deadline := time.Now().Add(waitLimit)
					for released.Load() < n && time.Now().Before(deadline) {
						time.Sleep(time.Millisecond)
					}
					assert.Equal(t, int64(n), released.Load(), "every buffer released once")

					require.NoError(t, push.SendZeroCopy(nil, 0, nil), "an empty frame")
					m, err := pull.RecvMessage(0)
					require.NoError(t, err)
					assert.NotNil(t, m.Bytes())
					assert.Empty(t, m.Bytes())
					require.NoError(t, m.Close())

					// A send that cannot happen leaves the buffer to the caller.
					lonely := NewSocket(t, ctx, zmqffi.PUSH)
					called := atomic.Bool{}
					err = lonely.SendZeroCopy([]byte("nowhere"), zmqffi.DontWait, func() { called.Store(true) })
					require.Error(t, err)
					time.Sleep(20 * time.Millisecond)
					assert.False(t, called.Load(), "done must not run for a failed send")
				})
			}
		})
	}
}
