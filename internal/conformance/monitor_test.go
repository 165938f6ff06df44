package conformance

import (
	"fmt"
	"syscall"
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
			ep := monitoredRequest(t, ctx, server)

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

// monitoredRequest binds server (a REP) to a tcp endpoint, and has a REQ
// client connect and send it a request, which server receives: the traffic
// whose events the monitor tests read. It returns the endpoint.
func monitoredRequest(t *testing.T, ctx *zmqffi.Context, server *zmqffi.Socket) string {
	t.Helper()
	ep := BindEndpoint(t, server, "tcp")
	client := NewSocket(t, ctx, zmqffi.REQ)
	require.NoError(t, client.Connect(ep))
	require.NoError(t, client.SendString("hi", 0))
	_, err := server.Recv(0)
	require.NoError(t, err)
	return ep
}

func hasAll(seen map[zmqffi.Event]zmqffi.MonitorEvent, want []zmqffi.Event) bool {
	for _, w := range want {
		if _, ok := seen[w]; !ok {
			return false
		}
	}
	return true
}

// TestMonitorTo runs libzmq's monitor to an endpoint the test chooses and
// reads it with a PAIR socket of its own: only the events asked for come, in
// each version's format (3.2's pointer frame, 4.x's two frames), with the
// endpoint; a tcp monitor endpoint is refused; stopping ends with
// MONITOR_STOPPED on 4.x. On 2.x both calls say ErrNotSupported with the
// version.
func TestMonitorTo(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			v := ctx.Version()
			server := NewSocket(t, ctx, zmqffi.REP)
			reader := NewSocket(t, ctx, zmqffi.PAIR)
			monEP := fmt.Sprintf("inproc://monitor-to-%d", endpointSeq.Add(1))
			mask := zmqffi.EventListening | zmqffi.EventAccepted | zmqffi.EventMonitorStopped
			err := server.MonitorTo(monEP, mask)
			if v.Major == 2 {
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				assert.Contains(t, err.Error(), v.String())
				_, err = reader.RecvMonitorEvent(zmqffi.DontWait)
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				return
			}
			require.ErrorIs(t, server.MonitorTo("tcp://127.0.0.1:1", mask), syscall.EPROTONOSUPPORT)
			require.NoError(t, err)
			require.NoError(t, reader.Connect(monEP))
			_, err = reader.RecvMonitorEvent(zmqffi.DontWait)
			require.ErrorIs(t, err, syscall.EAGAIN, "no event before Bind")

			ep := monitoredRequest(t, ctx, server)

			seen := map[zmqffi.Event]zmqffi.MonitorEvent{}
			want := []zmqffi.Event{zmqffi.EventListening, zmqffi.EventAccepted}
			for !hasAll(seen, want) {
				ev, err := reader.RecvMonitorEvent(0)
				require.NoError(t, err, "still waiting for %v; seen %v", want, seen)
				assert.NotZero(t, ev.Event&mask, "event %v was not asked for", ev.Event)
				seen[ev.Event] = ev
			}
			assert.Equal(t, ep, seen[zmqffi.EventListening].Endpoint)
			assert.Equal(t, ep, seen[zmqffi.EventAccepted].Endpoint)
			assert.Greater(t, seen[zmqffi.EventAccepted].Value, 2, "ACCEPTED carries the fd")

			require.NoError(t, server.MonitorTo("", 0))
			if v.Major >= 4 {
				ev, err := reader.RecvMonitorEvent(0)
				require.NoError(t, err)
				assert.Equal(t, zmqffi.EventMonitorStopped, ev.Event)
			}
		})
	}
}

// TestMonitorProtocolError: a NULL client at a PLAIN server fails the
// handshake, which the server's monitor reports from 4.3 on as
// HANDSHAKE_FAILED_PROTOCOL with ZMTP_MECHANISM_MISMATCH.
func TestMonitorProtocolError(t *testing.T) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3}) {
				t.Skipf("libzmq %s has no handshake events (4.3+)", ctx.Version())
			}
			server := NewSocket(t, ctx, zmqffi.PULL)
			require.NoError(t, server.SetPlainServer(true))
			m, err := server.Monitor(zmqffi.EventHandshakeFailedProtocol | zmqffi.EventHandshakeSucceeded)
			require.NoError(t, err)
			t.Cleanup(func() { _ = m.Close() })
			client := NewSocket(t, ctx, zmqffi.PUSH)
			require.NoError(t, client.Connect(BindEndpoint(t, server, "tcp")))
			ev, err := m.Recv(waitLimit)
			require.NoError(t, err)
			assert.Equal(t, zmqffi.EventHandshakeFailedProtocol, ev.Event)
			assert.Equal(t, zmqffi.ProtocolErrorZMTPMechanismMismatch, zmqffi.ProtocolError(ev.Value), "%v", zmqffi.ProtocolError(ev.Value))
		})
	}
}
