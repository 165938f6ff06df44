package zmqffi_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
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
