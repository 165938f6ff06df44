package zmqffi_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestHotPathAllocations guards the zero-allocation design of the hot path:
// Send, SendString and RecvInto on buffers the caller owns allocate nothing,
// and neither does a non-blocking receive that finds nothing.
func TestHotPathAllocations(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector allocates on its own; the plain run checks this")
	}
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	pull, err := ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	push, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	require.NoError(t, pull.Bind("inproc://allocs"))
	require.NoError(t, push.Connect("inproc://allocs"))
	msg, buf := make([]byte, 64), make([]byte, 64)
	allocs := testing.AllocsPerRun(1000, func() {
		if err := push.Send(msg, 0); err != nil {
			t.Fatal(err)
		}
		if err := push.SendString("hello", zmqffi.DontWait); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := pull.RecvInto(buf, 0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := pull.RecvInto(buf, zmqffi.DontWait); err == nil {
			t.Fatal("the queue should be empty")
		}
	})
	require.Zero(t, allocs, "allocations per Send+SendString+2×RecvInto+empty RecvInto")
}

// TestAllocsPerCall counts the allocations of each hot call on its own,
// over inproc and tcp: none for Send, SendString, RecvInto and per frame of
// SendMultipart, exactly one for Recv (the frame it returns), whether the
// frame was queued already or the call had to wait for it.
func TestAllocsPerCall(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector allocates on its own; the plain run checks this")
	}
	for _, transport := range []string{"inproc", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			ctx := conformance.NewContext(t, testenv.Targets(t)[0])
			pull := conformance.NewSocket(t, ctx, zmqffi.PULL)
			push := conformance.NewSocket(t, ctx, zmqffi.PUSH)
			require.NoError(t, push.Connect(conformance.BindEndpoint(t, pull, transport)))
			msg, buf := make([]byte, 64), make([]byte, 64)
			require.NoError(t, push.Send(msg, 0))
			_, err := pull.RecvInto(buf, 0) // connected, and the first waits done
			require.NoError(t, err)
			const runs = 500
			// Sends are queued (the high-water mark is 1,000), then received.
			sendAllocs := testing.AllocsPerRun(runs, func() {
				if err := push.Send(msg, 0); err != nil {
					t.Fatal(err)
				}
			})
			recvIntoAllocs := testing.AllocsPerRun(runs, func() {
				if _, err := pull.RecvInto(buf, 0); err != nil {
					t.Fatal(err)
				}
			})
			assert.Zero(t, sendAllocs, "allocations per Send")
			assert.Zero(t, recvIntoAllocs, "allocations per RecvInto")
			for i := 0; i <= runs; i++ {
				require.NoError(t, push.SendString("hello", 0))
			}
			recvAllocs := testing.AllocsPerRun(runs, func() {
				if _, err := pull.Recv(0); err != nil {
					t.Fatal(err)
				}
			})
			assert.Equal(t, 1.0, recvAllocs, "allocations per Recv")
			parts := [][]byte{msg, msg[:1], msg[:0], msg}
			multiAllocs := testing.AllocsPerRun(runs/len(parts), func() {
				if err := push.SendMultipart(parts, 0); err != nil {
					t.Fatal(err)
				}
			})
			assert.Zero(t, multiAllocs, "allocations per SendMultipart of %d frames", len(parts))
			for i := 0; i <= runs/len(parts); i++ {
				_, err := pull.RecvMultipart(0)
				require.NoError(t, err)
			}

			// Waiting: the frame comes from another goroutine while the
			// receive waits (parked over inproc, a blocking wait over tcp).
			ping := make(chan struct{})
			sent := make(chan error, 1)
			go func() {
				for range ping {
					time.Sleep(50 * time.Microsecond)
					sent <- push.Send(msg, 0)
				}
			}()
			defer close(ping)
			waitAllocs := func(recv func() error) float64 {
				return testing.AllocsPerRun(200, func() {
					ping <- struct{}{}
					if err := recv(); err != nil {
						t.Fatal(err)
					}
					if err := <-sent; err != nil {
						t.Fatal(err)
					}
				})
			}
			assert.Zero(t, waitAllocs(func() error { _, err := pull.RecvInto(buf, 0); return err }), "allocations per RecvInto that waits")
			assert.Equal(t, 1.0, waitAllocs(func() error { _, err := pull.Recv(0); return err }), "allocations per Recv that waits")
		})
	}
}
