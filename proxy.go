package zmqffi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// Proxy connects a frontend and a backend socket of one context inside
// libzmq, optionally copying all traffic to a capture socket: zmq_proxy from
// libzmq 3.x, zmq_device(ZMQ_QUEUE) on 2.x (which has no capture), and
// zmq_proxy_steerable from 4.0, which is what makes Pause, Resume, Terminate
// and Statistics possible.
//
// The commands mean what they say on every version: the binding sends them
// itself, so libzmq 4.0–4.2 never see a command they would abort the process
// on, and on libzmq 4.3.5, which swaps PAUSE and RESUME, the binding sends
// the other one.
//
// libzmq 4.0 to 4.3.4 also copy every control command (PAUSE, RESUME,
// STATISTICS, which the binding sends to confirm a pause on 4.3)
// to the capture socket; 4.3.5 does not.
//
// While Run runs, the proxy owns its sockets: other calls on them fail with
// an error matching syscall.EBUSY, and a Close takes effect when Run returns.
//
// https://libzmq.readthedocs.io/en/latest/zmq_proxy_steerable.html
type Proxy struct {
	ctx                      *Context
	front, back, capture     *Socket
	control, controlPeer     *Socket // nil unless the library is steerable
	steer                    abi.SteerableProxier
	plain                    abi.Proxier
	running                  atomic.Bool
	mu                       sync.Mutex // serialises commands on controlPeer
	paused                   bool
	swapPauseResume, replies bool
}

// ProxyStats is what a steerable proxy's STATISTICS command reports
// (libzmq 4.3+): messages and bytes each socket received and sent.
type ProxyStats struct {
	FrontendIn, FrontendInBytes, FrontendOut, FrontendOutBytes uint64
	BackendIn, BackendInBytes, BackendOut, BackendOutBytes     uint64
}

var proxySeq atomic.Uint64

// NewProxy prepares a proxy between frontend and backend, with capture (may
// be nil) receiving a copy of all traffic. The sockets must belong to one
// context. On libzmq 4.0 and later it also creates the control sockets that
// steer the proxy.
func NewProxy(frontend, backend, capture *Socket) (*Proxy, error) {
	if frontend == nil || backend == nil {
		return nil, fmt.Errorf("zmqffi: NewProxy needs a frontend and a backend socket: %w", syscall.EINVAL)
	}
	ctx := frontend.ctx
	for _, s := range []*Socket{backend, capture} {
		if s != nil && s.ctx != ctx {
			return nil, fmt.Errorf("zmqffi: NewProxy: all sockets must belong to one context: %w", syscall.EINVAL)
		}
	}
	p := &Proxy{ctx: ctx, front: frontend, back: backend, capture: capture}
	b := ctx.st.b
	if sp, ok := b.(abi.SteerableProxier); ok {
		p.steer = sp
		v := ctx.Version()
		p.swapPauseResume = v == Version{Major: 4, Minor: 3, Patch: 5}
		p.replies = !v.Less(Version{Major: 4, Minor: 3, Patch: 5})
		ep := fmt.Sprintf("inproc://zmqffi-proxy-control-%d", proxySeq.Add(1))
		var err error
		if p.control, err = ctx.Socket(PAIR); err != nil {
			return nil, err
		}
		if p.controlPeer, err = ctx.Socket(PAIR); err != nil {
			_ = p.control.Close()
			return nil, err
		}
		if err = p.control.Bind(ep); err == nil {
			err = p.controlPeer.Connect(ep)
		}
		if err == nil {
			err = p.controlPeer.SetSndTimeout(5 * time.Second)
		}
		if err != nil {
			_ = p.control.Close()
			_ = p.controlPeer.Close()
			return nil, err
		}
	} else if pl, ok := b.(abi.Proxier); ok {
		p.plain = pl
	} else {
		return nil, abi.NotSupported(b.Version(), "proxies")
	}
	return p, nil
}

// RunProxy is NewProxy(frontend, backend, capture).Run(): it proxies until
// the context is terminated.
func RunProxy(frontend, backend, capture *Socket) error {
	p, err := NewProxy(frontend, backend, capture)
	if err != nil {
		return err
	}
	defer p.close()
	return p.Run()
}

// Run proxies until Terminate (then it returns nil) or until the context is
// terminated (ErrClosed). It can run once.
//
// https://libzmq.readthedocs.io/en/latest/zmq_proxy.html
func (p *Proxy) Run() error {
	if !p.running.CompareAndSwap(false, true) {
		return errors.New("zmqffi: Proxy.Run called twice")
	}
	var socks []*socketState
	for _, s := range []*Socket{p.front, p.back, p.capture, p.control} {
		if s == nil {
			continue
		}
		if err := s.st.enterProxy(); err != nil {
			for _, t := range socks {
				t.leaveProxy()
			}
			return err
		}
		socks = append(socks, s.st)
	}
	defer func() {
		for _, t := range socks {
			t.leaveProxy()
		}
	}()
	var capture abi.Socket
	if p.capture != nil {
		capture = p.capture.st.b
	}
	for {
		var err error
		if p.steer != nil {
			err = p.steer.ProxySteerable(p.front.st.b, p.back.st.b, capture, p.control.st.b)
		} else {
			err = p.plain.Proxy(p.front.st.b, p.back.st.b, capture)
		}
		switch {
		case err == nil:
			return nil // TERMINATE
		case errors.Is(err, syscall.EINTR):
			// A signal ended libzmq's poll: start again, in the state the
			// user asked for (a fresh proxy runs unpaused).
			p.mu.Lock()
			if p.paused {
				_ = p.commandLocked(p.pauseWord(true), false)
			}
			p.mu.Unlock()
			continue
		case errors.Is(err, ETERM):
			return ErrClosed
		}
		return wrap("zmq_proxy", err)
	}
}

func (p *Proxy) pauseWord(pause bool) string {
	if pause != p.swapPauseResume {
		return "PAUSE"
	}
	return "RESUME"
}

// commandLocked sends one command on the control socket and, with awaitAck
// on versions that reply to every command, reads that reply.
func (p *Proxy) commandLocked(cmd string, awaitAck bool) error {
	// Replies left behind (a timed-out call) must not be read as this one's.
	for {
		if _, err := p.controlPeer.Recv(DontWait); err != nil {
			break
		}
	}
	if err := p.controlPeer.SendString(cmd, 0); err != nil {
		return err
	}
	if p.replies && awaitAck {
		_ = p.controlPeer.SetRcvTimeout(time.Second)
		_, _ = p.controlPeer.RecvMultipart(0)
	}
	return nil
}

func (p *Proxy) steerable(what string) error {
	if p.steer == nil {
		return abi.NotSupported(p.ctx.st.b.Version(), what+" of a proxy (zmq_proxy_steerable)")
	}
	return nil
}

// Pause stops the proxy forwarding messages until Resume. libzmq 4.0+.
// From 4.3 it returns once the proxy has paused; on 4.0-4.2, which do not
// acknowledge commands, the proxy pauses shortly after.
func (p *Proxy) Pause() error { return p.setPaused(true) }

// Resume lets a paused proxy forward messages again. libzmq 4.0+.
func (p *Proxy) Resume() error { return p.setPaused(false) }

func (p *Proxy) setPaused(pause bool) error {
	if err := p.steerable("Pause and Resume"); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.commandLocked(p.pauseWord(pause), true); err != nil {
		return err
	}
	p.paused = pause
	if !p.replies && !p.ctx.Version().Less(Version{Major: 4, Minor: 3, Patch: 0}) {
		// 4.3.0-4.3.4 do not acknowledge PAUSE or RESUME but answer
		// STATISTICS, and handle commands in order: its reply means the
		// command took effect.
		if _, err := p.statisticsLocked(); err != nil {
			return err
		}
	}
	return nil
}

// Terminate makes Run return nil. libzmq 4.0+; on older versions only the
// context's Term ends a proxy.
func (p *Proxy) Terminate() error {
	if err := p.steerable("Terminate"); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.commandLocked("TERMINATE", true)
}

// Statistics asks a running proxy for its counters (STATISTICS, libzmq 4.3+;
// 4.0–4.2 release builds would abort the process on it, so it is refused).
func (p *Proxy) Statistics() (ProxyStats, error) {
	var st ProxyStats
	if err := p.steerable("Statistics"); err != nil {
		return st, err
	}
	if p.ctx.Version().Less(Version{Major: 4, Minor: 3, Patch: 0}) {
		return st, abi.NotSupported(p.ctx.st.b.Version(), "proxy STATISTICS")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statisticsLocked()
}

func (p *Proxy) statisticsLocked() (ProxyStats, error) {
	var st ProxyStats
	if err := p.commandLocked("STATISTICS", false); err != nil {
		return st, err
	}
	if err := p.controlPeer.SetRcvTimeout(5 * time.Second); err != nil {
		return st, err
	}
	parts, err := p.controlPeer.RecvMultipart(0)
	if err != nil {
		return st, err
	}
	if len(parts) != 8 {
		return st, fmt.Errorf("zmqffi: proxy STATISTICS replied %d frames, want 8", len(parts))
	}
	v := make([]uint64, 8)
	for i, f := range parts {
		if len(f) != 8 {
			return st, fmt.Errorf("zmqffi: proxy STATISTICS frame %d has %d bytes, want 8", i, len(f))
		}
		v[i] = binary.NativeEndian.Uint64(f)
	}
	return ProxyStats{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]}, nil
}

// close releases the control sockets.
func (p *Proxy) close() {
	for _, s := range []*Socket{p.control, p.controlPeer} {
		if s != nil {
			_ = s.Close()
		}
	}
}

// Close releases the proxy's control sockets; call it after Run returned.
// The frontend, backend and capture sockets stay the caller's.
func (p *Proxy) Close() error {
	p.close()
	return nil
}
