package conformance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestMonitor watches a socket's events on every target: LISTENING and
// ACCEPTED with the right endpoint on 3.x and 4.x (from 3.2's pointer frame
// and 4.x's two frames alike), HANDSHAKE_SUCCEEDED from 4.3, and the channel
// ending after MONITOR_STOPPED (4.x) or Close; ErrNotSupported on 2.x.
func TestMonitor(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			v := ctx.Version()
			server := NewSocket(t, ctx, zmqffi.REP)
			m, err := server.Monitor(zmqffi.EventAll)
			if v.Major == 2 {
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				return
			}
			require.NoError(t, err)
			ep := BindEndpoint(t, server, "tcp")
			client := NewSocket(t, ctx, zmqffi.REQ)
			require.NoError(t, client.Connect(ep))
			require.NoError(t, client.SendString("hi", 0))
			_, err = server.Recv(0)
			require.NoError(t, err)

			seen := map[zmqffi.Event]zmqffi.MonitorEvent{}
			want := []zmqffi.Event{zmqffi.EventListening, zmqffi.EventAccepted}
			if !v.Less(zmqffi.Version{Major: 4, Minor: 3}) {
				want = append(want, zmqffi.EventHandshakeSucceeded)
			}
			deadline := time.Now().Add(waitLimit)
			for !hasAll(seen, want) {
				ev, err := m.Recv(time.Until(deadline))
				require.NoError(t, err, "still waiting for %v; seen %v", want, seen)
				seen[ev.Event] = ev
			}
			assert.Equal(t, ep, seen[zmqffi.EventListening].Endpoint)
			assert.Equal(t, ep, seen[zmqffi.EventAccepted].Endpoint)
			assert.Greater(t, seen[zmqffi.EventAccepted].Value, 2, "ACCEPTED carries the fd")
			assert.Equal(t, "LISTENING", zmqffi.EventListening.String())

			events := m.Events()
			if v.Major >= 4 {
				// Closing the monitored socket ends the monitor.
				require.NoError(t, server.Close())
				stopped := false
				for ev := range events {
					if ev.Event == zmqffi.EventMonitorStopped {
						stopped = true
					}
				}
				assert.True(t, stopped, "4.x ends with MONITOR_STOPPED")
				require.NoError(t, m.Close())
				return
			}
			require.NoError(t, m.Close())
			for range events {
			}
			_, err = m.Recv(0)
			require.ErrorIs(t, err, zmqffi.ErrClosed)
		})
	}
}

func hasAll(seen map[zmqffi.Event]zmqffi.MonitorEvent, want []zmqffi.Event) bool {
	for _, w := range want {
		if _, ok := seen[w]; !ok {
			return false
		}
	}
	return true
}
