package conformance

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestProxy runs a proxy on every target: messages flow through it; on
// libzmq 4.0+ Pause holds them back and Resume releases them, Statistics
// (4.3+) counts them, and Terminate ends Run; on older versions those say
// ErrNotSupported and the context's Term ends Run.
func TestProxy(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) { testProxy(t, tg) })
	}
}

func testProxy(t *testing.T, tg testenv.Target) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
	require.NoError(t, err)
	termed := false
	defer func() {
		if !termed {
			_ = ctx.Term()
		}
	}()
	v := ctx.Version()
	front := NewSocket(t, ctx, zmqffi.PULL)
	back := NewSocket(t, ctx, zmqffi.PUSH)
	frontEP := BindEndpoint(t, front, "tcp")
	backEP := BindEndpoint(t, back, "tcp")
	var capture *zmqffi.Socket
	var captured *zmqffi.Socket
	if v.Major >= 3 {
		capture = NewSocket(t, ctx, zmqffi.PUSH)
		captured = NewSocket(t, ctx, zmqffi.PULL)
		require.NoError(t, capture.Connect(BindEndpoint(t, captured, "inproc")))
	}
	client := NewSocket(t, ctx, zmqffi.PUSH)
	worker := NewSocket(t, ctx, zmqffi.PULL)
	require.NoError(t, client.Connect(frontEP))
	require.NoError(t, worker.Connect(backEP))

	p, err := zmqffi.NewProxy(front, back, capture)
	require.NoError(t, err)
	defer p.Close()
	done := make(chan error, 1)
	go func() { done <- p.Run() }()

	send := func(msg string) { require.NoError(t, client.SendString(msg, 0)) }
	expect := func(msg string) {
		t.Helper()
		got, err := worker.RecvString(0)
		require.NoError(t, err)
		assert.Equal(t, msg, got)
		if captured != nil {
			for {
				got, err = captured.RecvString(0)
				require.NoError(t, err)
				// libzmq 4.0-4.3.4 also copy each control command to the
				// capture socket.
				if got != "PAUSE" && got != "RESUME" && got != "STATISTICS" {
					break
				}
				require.True(t, v.Less(zmqffi.Version{Major: 4, Minor: 3, Patch: 5}), "libzmq %s copied a command to capture", v)
			}
			assert.Equal(t, msg, got)
		}
	}
	send("one")
	expect("one")

	// The proxy owns its sockets while it runs.
	err = front.SetLinger(0)
	require.ErrorIs(t, err, syscall.EBUSY)

	if v.Major >= 4 {
		require.NoError(t, p.Pause())
		if v.Less(zmqffi.Version{Major: 4, Minor: 3}) {
			time.Sleep(100 * time.Millisecond) // no acknowledgement before 4.3
		}
		send("held")
		require.NoError(t, worker.SetRcvTimeout(300*time.Millisecond))
		_, err = worker.RecvString(0)
		require.ErrorIs(t, err, syscall.EAGAIN, "a paused proxy forwards nothing (libzmq %s)", v)
		require.NoError(t, worker.SetRcvTimeout(waitLimit))
		require.NoError(t, p.Resume())
		expect("held")
		if v.Less(zmqffi.Version{Major: 4, Minor: 3}) {
			_, err = p.Statistics()
			require.ErrorIs(t, err, zmqffi.ErrNotSupported)
		} else {
			st, err := p.Statistics()
			require.NoError(t, err)
			assert.Equal(t, uint64(2), st.FrontendIn, "%+v", st)
			assert.Equal(t, uint64(2), st.BackendOut, "%+v", st)
		}
		require.NoError(t, p.Terminate())
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(waitLimit):
			t.Fatal("Terminate did not end the proxy")
		}
		// The sockets are the caller's again.
		require.NoError(t, front.SetLinger(0))
		return
	}
	require.ErrorIs(t, p.Pause(), zmqffi.ErrNotSupported)
	require.ErrorIs(t, p.Terminate(), zmqffi.ErrNotSupported)
	termed = true
	termDone := make(chan error, 1)
	go func() { termDone <- ctx.Term() }()
	select {
	case err := <-done:
		require.True(t, errors.Is(err, zmqffi.ErrClosed), fmt.Sprint(err))
	case <-time.After(waitLimit):
		t.Fatal("Term did not end the proxy")
	}
	select {
	case err := <-termDone:
		require.NoError(t, err)
	case <-time.After(waitLimit):
		t.Fatal("Term hung after the proxy ended")
	}
}
