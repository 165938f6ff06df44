package zmqffi

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// ConnState follows the connections of one socket, from its socket monitor
// (libzmq 3.2+): which peers it is connected to now, and a wait for the
// first. Create it with WatchConnections before the socket binds or
// connects: libzmq reports a connection once, when it is made.
//
// # What counts as connected
//
// From libzmq 4.3 on, a peer counts once its ZMTP handshake succeeded
// (ZMQ_EVENT_HANDSHAKE_SUCCEEDED): it can take messages, security included.
// Before 4.3, libzmq reports only the TCP (or ipc) connection: CONNECTED on
// the connecting side, ACCEPTED on the binding side, before any handshake.
// Libraries before 3.2 have no socket monitor, and WatchConnections returns
// ErrNotSupported: libzmq 2.x cannot tell.
//
// Known limits, all libzmq's: a 4.3 socket reports no handshake with peers
// that speak ZMTP 1.0 or 2.0 (libzmq 2.x and 3.x), which then never count;
// several peers handshaking at once on one bound endpoint are told apart by
// order only, so Peers may name the wrong one of them for a moment (the
// number is right); inproc connections are not monitored. Connections the
// socket ends itself, with Disconnect or Unbind, are dropped here by
// endpoint, as libzmq reports nothing for them (a connection whose event
// was still on its way then is listed again).
//
// The socket monitor is one per socket: do not also call Socket.Monitor.
// ConnState's methods are safe for concurrent use.
type ConnState struct {
	mon       *Monitor
	st        *socketState
	handshake bool

	mu      sync.Mutex
	conns   map[string][]*peerConn // endpoint → its connections, oldest first
	failing map[string]int         // handshake failures whose DISCONNECTED is to come
	ready   int                    // connections that count as connected
	changed chan struct{}          // closed and replaced on every change
	ended   bool
	done    chan struct{}
}

// Peer is one connection of a watched socket.
type Peer struct {
	// Endpoint is the endpoint libzmq names for it: the one connected to, or
	// the bound one for connections it accepted.
	Endpoint string
	// FD is the connection's file descriptor, as libzmq reported it.
	FD int
}

type peerConn struct {
	fd    int
	ready bool
}

// connEvents are the monitor events ConnState follows.
const connEvents = EventConnected | EventAccepted | EventDisconnected |
	EventHandshakeSucceeded | EventHandshakeFailedNoDetail | EventHandshakeFailedProtocol | EventHandshakeFailedAuth

// WatchConnections starts following the socket's connections (see
// ConnState). It returns ErrNotSupported on libzmq 2.x, and an error when the
// socket cannot be monitored. Close the ConnState when done.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
func (s *Socket) WatchConnections() (*ConnState, error) {
	m, err := s.Monitor(connEvents)
	if err != nil {
		return nil, err
	}
	c := &ConnState{
		mon:       m,
		st:        s.st,
		handshake: !s.ctx.Version().Less(Version{Major: 4, Minor: 3}),
		conns:     map[string][]*peerConn{},
		failing:   map[string]int{},
		changed:   make(chan struct{}),
		done:      make(chan struct{}),
	}
	s.st.conns.Store(c)
	go c.run()
	return c, nil
}

func (c *ConnState) run() {
	defer close(c.done)
	for ev := range c.mon.Events() {
		c.mu.Lock()
		c.apply(ev)
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.ended = true
	clear(c.conns)
	c.ready = 0
	c.changedLocked()
	c.mu.Unlock()
	c.st.conns.CompareAndSwap(c, nil)
}

// changedLocked wakes the waiters.
func (c *ConnState) changedLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// apply follows one event, with c.mu held. On 4.3 every connection that
// dies before its handshake succeeded reports a HANDSHAKE_FAILED_* event
// just before its DISCONNECTED, which tells the two kinds of disconnection
// apart.
func (c *ConnState) apply(ev MonitorEvent) {
	ep := ev.Endpoint
	switch ev.Event {
	case EventConnected, EventAccepted:
		c.conns[ep] = append(c.conns[ep], &peerConn{fd: ev.Value, ready: !c.handshake})
		if !c.handshake {
			c.ready++
		}
	case EventHandshakeSucceeded:
		if p := c.find(ep, false); p != nil {
			p.ready = true
			c.ready++
		}
	case EventHandshakeFailedNoDetail, EventHandshakeFailedProtocol, EventHandshakeFailedAuth:
		c.failing[ep]++
	case EventDisconnected:
		conns := c.conns[ep]
		i := slices.IndexFunc(conns, func(p *peerConn) bool { return p.fd == ev.Value })
		if i < 0 {
			return
		}
		gone := conns[i]
		c.remove(ep, i)
		wasReady := gone.ready
		if c.handshake {
			if c.failing[ep] > 0 {
				// It never got through its handshake: if it was taken for
				// the one that did, the mark belongs to another.
				if c.failing[ep]--; c.failing[ep] == 0 {
					delete(c.failing, ep)
				}
				if gone.ready {
					if p := c.find(ep, false); p != nil {
						p.ready, wasReady = true, false
					}
				}
			} else if !gone.ready {
				// It did get through: another was marked in its place.
				if p := c.find(ep, true); p != nil {
					p.ready, wasReady = false, true
				}
			}
		}
		if wasReady {
			c.ready--
		}
	default:
		return
	}
	c.changedLocked()
}

// find returns the oldest connection of ep whose ready is as given.
func (c *ConnState) find(ep string, ready bool) *peerConn {
	for _, p := range c.conns[ep] {
		if p.ready == ready {
			return p
		}
	}
	return nil
}

func (c *ConnState) remove(ep string, i int) {
	c.conns[ep] = slices.Delete(c.conns[ep], i, i+1)
	if len(c.conns[ep]) == 0 {
		delete(c.conns, ep)
	}
}

// forget drops the connections of an endpoint the socket disconnected from
// or unbound.
func (c *ConnState) forget(endpoint string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.conns[endpoint] {
		if p.ready {
			c.ready--
		}
	}
	delete(c.conns, endpoint)
	delete(c.failing, endpoint)
	c.changedLocked()
}

// Peers returns the connections that count as connected now (see
// ConnState), oldest first for each endpoint, the endpoints sorted; none
// once the socket is closed.
func (c *ConnState) Peers() []Peer {
	if c.st.closed.Load() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Peer
	for _, ep := range slices.Sorted(maps.Keys(c.conns)) {
		for _, p := range c.conns[ep] {
			if p.ready {
				out = append(out, Peer{Endpoint: ep, FD: p.fd})
			}
		}
	}
	return out
}

// Connected returns how many peers count as connected now (0 once the
// socket is closed).
func (c *ConnState) Connected() int {
	if c.st.closed.Load() {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready
}

// WaitConnected waits until at least one peer counts as connected, and
// returns nil then (at once if one does already); ctx.Err() when ctx ends
// first; ErrClosed when the ConnState, the socket or its context is closed
// first.
func (c *ConnState) WaitConnected(ctx context.Context) error {
	return c.WaitPeers(ctx, 1)
}

// WaitPeers is WaitConnected for at least n peers.
func (c *ConnState) WaitPeers(ctx context.Context, n int) error {
	if ctx == nil {
		ctx = context.Background()
	}
	for {
		c.mu.Lock()
		ready, ended, changed := c.ready, c.ended, c.changed
		c.mu.Unlock()
		if ended || c.st.closed.Load() {
			// A closed socket's connections are gone, before its
			// monitor's last events arrive.
			return ErrClosed
		}
		if ready >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Changed returns a channel that is closed at the next change of the
// connections (or when the ConnState ends), for a select; call it again
// after each. Take the channel before reading the state it guards
// (Connected, Peers), so that a change in between is not missed.
func (c *ConnState) Changed() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// Close stops following the connections and the socket's monitor; waits
// then return ErrClosed. It is idempotent.
func (c *ConnState) Close() error {
	err := c.mon.Close()
	<-c.done
	return err
}
