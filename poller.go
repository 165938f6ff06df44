package zmqffi

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"syscall"
	"time"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
)

// PollEvent is a set of readiness events of a socket or file descriptor, as
// zmq_poll reports them.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
type PollEvent int16

const (
	// PollIn: a receive would not block now (a descriptor is readable).
	PollIn PollEvent = abi.PollIn
	// PollOut: a send would not block now (a descriptor is writable).
	PollOut PollEvent = abi.PollOut
	// PollErr: on a descriptor, an error or hang-up (poll's POLLERR, POLLHUP
	// or POLLNVAL), reported whether asked for or not; on a socket, that it
	// was closed (see [Poller.Poll]).
	PollErr PollEvent = abi.PollErr
)

// String returns the set as "PollIn|PollOut" ("0" when empty).
func (e PollEvent) String() string {
	var s string
	for _, n := range [...]struct {
		ev   PollEvent
		name string
	}{{PollIn, "PollIn"}, {PollOut, "PollOut"}, {PollErr, "PollErr"}} {
		if e&n.ev != 0 {
			if s != "" {
				s += "|"
			}
			s += n.name
		}
	}
	if rest := e &^ (PollIn | PollOut | PollErr); rest != 0 || s == "" {
		if s != "" {
			s += "|"
		}
		s += fmt.Sprintf("%#x", int16(rest))
	}
	return s
}

// PolledItem is one ready item that [Poller.Poll] returns.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
type PolledItem struct {
	// Socket is the ready socket; nil for a descriptor added with AddFD.
	Socket *Socket
	// FD is the descriptor added with AddFD; -1 for a socket.
	FD int
	// Events are the ready events among those asked for, plus PollErr.
	Events PollEvent
}

// Poller waits for events on several sockets and file descriptors at once,
// the sockets coming from any contexts and any loaded libraries.
//
// When every socket comes from one loaded library, Poll calls that library's
// zmq_poll (whose unit, microseconds on 2.x and milliseconds later, is the
// binding's business). When they come from several libraries or versions,
// which no single zmq_poll can take, Poll reads each socket's ZMQ_EVENTS and
// then waits on their ZMQ_FDs and the plain descriptors in one poll(2) call
// (unix only), re-reading ZMQ_EVENTS after every wake-up as the
// edge-triggered ZMQ_FD requires. Either way Poll allocates nothing once
// the set of items has been polled once.
//
// A Poller is used by one goroutine at a time. Its sockets keep the "one
// goroutine at a time" rule: Poll takes each socket as a send or receive
// would, and while a zmq_poll runs (at most 100 ms per call, waits being
// sliced) other calls on the sockets of a one-library Poller wait for it.
// Close and Term from other goroutines are safe: see Poll. A Poller keeps its
// sockets reachable until they are removed.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
type Poller struct {
	items []pollerItem

	// Derived from items by build, on the next Poll after a change.
	built  bool
	lib    abi.Backend    // the library of every socket; nil: poll(2) path
	order  []*socketState // the sockets, in the order their locks are taken
	zitems []abi.PollItem // zmq_poll path: one per item
	pfds   []pollFD       // poll(2) path: one per item
	rev    []PollEvent    // poll(2) path: ready events per item
	ready  []PolledItem
	caller *abi.Caller
	ts     syscall.Timespec

	// PollContext's wake-up (pollctx.go): a pipe made on its first use,
	// polled as one more item after the others from then on; a cancelled
	// context writes to it. wake is nil before.
	wake *wakePipe
}

type pollerItem struct {
	sock   *Socket // nil for a descriptor
	fd     int     // the descriptor, or the socket's ZMQ_FD
	events PollEvent
}

// NewPoller returns an empty Poller.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func NewPoller() *Poller { return &Poller{} }

// Len returns the number of sockets and descriptors in the poller.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) Len() int { return len(p.items) }

func checkEvents(events PollEvent) error {
	if events&^(PollIn|PollOut) != 0 {
		return fmt.Errorf("zmqffi: poll events %v: only PollIn and PollOut can be asked for: %w", events, syscall.EINVAL)
	}
	return nil
}

func (p *Poller) findSocket(s *Socket) int {
	return slices.IndexFunc(p.items, func(it pollerItem) bool { return it.sock != nil && it.sock.st == s.st })
}

func (p *Poller) findFD(fd int) int {
	return slices.IndexFunc(p.items, func(it pollerItem) bool { return it.sock == nil && it.fd == fd })
}

// Add adds a socket to the poller, waiting for events (PollIn, PollOut or
// both; 0 keeps it in the poller without asking for anything). A socket can
// be added once; a closed one returns ErrClosed.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) Add(s *Socket, events PollEvent) error {
	if s == nil {
		return fmt.Errorf("zmqffi: Poller.Add of a nil socket: %w", syscall.EINVAL)
	}
	if err := checkEvents(events); err != nil {
		return err
	}
	if p.findSocket(s) >= 0 {
		return fmt.Errorf("zmqffi: Poller.Add: the socket is in the poller already: %w", syscall.EINVAL)
	}
	fd, err := s.FD()
	if err != nil {
		return err
	}
	p.items = append(p.items, pollerItem{sock: s, fd: fd, events: events})
	p.built = false
	return nil
}

// AddFD adds a file descriptor (a socket, pipe, eventfd, ... that the caller
// owns; not a libzmq ZMQ_FD, add the Socket instead) to the poller, waiting
// for events. PollErr is reported whether asked for or not.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) AddFD(fd int, events PollEvent) error {
	if fd < 0 {
		return fmt.Errorf("zmqffi: Poller.AddFD(%d): not a descriptor: %w", fd, syscall.EINVAL)
	}
	if err := checkEvents(events); err != nil {
		return err
	}
	if p.findFD(fd) >= 0 {
		return fmt.Errorf("zmqffi: Poller.AddFD(%d): the descriptor is in the poller already: %w", fd, syscall.EINVAL)
	}
	p.items = append(p.items, pollerItem{fd: fd, events: events})
	p.built = false
	return nil
}

// Update changes the events the poller waits for on a socket it holds. It
// does not allocate.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) Update(s *Socket, events PollEvent) error {
	if s == nil {
		return fmt.Errorf("zmqffi: Poller.Update of a nil socket: %w", syscall.EINVAL)
	}
	if err := checkEvents(events); err != nil {
		return err
	}
	i := p.findSocket(s)
	if i < 0 {
		return fmt.Errorf("zmqffi: Poller.Update: the socket is not in the poller: %w", syscall.EINVAL)
	}
	p.setEvents(i, events)
	return nil
}

// UpdateFD changes the events the poller waits for on a descriptor it holds.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) UpdateFD(fd int, events PollEvent) error {
	if err := checkEvents(events); err != nil {
		return err
	}
	i := p.findFD(fd)
	if i < 0 {
		return fmt.Errorf("zmqffi: Poller.UpdateFD(%d): the descriptor is not in the poller: %w", fd, syscall.EINVAL)
	}
	p.setEvents(i, events)
	return nil
}

func (p *Poller) setEvents(i int, events PollEvent) {
	p.items[i].events = events
	if p.built {
		p.zitems[i].Events = int16(events)
		p.pfds[i] = p.items[i].pollFD()
	}
}

// Remove takes a socket out of the poller; a closed socket can be removed.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) Remove(s *Socket) error {
	if s == nil {
		return fmt.Errorf("zmqffi: Poller.Remove of a nil socket: %w", syscall.EINVAL)
	}
	i := p.findSocket(s)
	if i < 0 {
		return fmt.Errorf("zmqffi: Poller.Remove: the socket is not in the poller: %w", syscall.EINVAL)
	}
	p.items = slices.Delete(p.items, i, i+1)
	p.built = false
	return nil
}

// RemoveFD takes a descriptor out of the poller.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) RemoveFD(fd int) error {
	i := p.findFD(fd)
	if i < 0 {
		return fmt.Errorf("zmqffi: Poller.RemoveFD(%d): the descriptor is not in the poller: %w", fd, syscall.EINVAL)
	}
	p.items = slices.Delete(p.items, i, i+1)
	p.built = false
	return nil
}

// pollFD is the poll(2) entry of an item: a socket waits for its ZMQ_FD to
// become readable (it signals any change of ZMQ_EVENTS); an item that asks
// for nothing is skipped (a negative fd), unless it is a descriptor, whose
// errors are always reported.
func (it *pollerItem) pollFD() pollFD {
	if it.sock != nil {
		if it.events == 0 {
			return pollFD{fd: noFD}
		}
		return pollFD{fd: sysFD(it.fd), events: sysPollIn}
	}
	var ev int16
	if it.events&PollIn != 0 {
		ev |= sysPollIn
	}
	if it.events&PollOut != 0 {
		ev |= sysPollOut
	}
	return pollFD{fd: sysFD(it.fd), events: ev}
}

// build derives the per-Poll state from items.
func (p *Poller) build() {
	n := len(p.items)
	p.lib = nil
	p.order = p.order[:0]
	mixed := false
	for _, it := range p.items {
		if it.sock == nil {
			continue
		}
		b := it.sock.st.ctx.b
		if p.lib == nil {
			p.lib = b
		} else if p.lib != b {
			mixed = true
		}
		p.order = append(p.order, it.sock.st)
	}
	if mixed {
		p.lib = nil
	}
	// A fixed lock order (by address; Go does not move heap objects), so
	// that two pollers sharing sockets cannot deadlock.
	slices.SortFunc(p.order, func(a, b *socketState) int {
		return cmp.Compare(uintptr(unsafe.Pointer(a)), uintptr(unsafe.Pointer(b)))
	})
	// The wake-up pipe, if any, is polled after the items.
	nw := n
	if p.wake != nil {
		nw++
	}
	p.zitems = slices.Grow(p.zitems[:0], nw)[:nw]
	p.pfds = slices.Grow(p.pfds[:0], nw)[:nw]
	p.rev = slices.Grow(p.rev[:0], n)[:n]
	p.ready = slices.Grow(p.ready[:0], n)
	for i := range p.items {
		it := &p.items[i]
		if it.sock != nil {
			p.zitems[i] = abi.PollItem{Socket: it.sock.st.b.Handle(), Events: int16(it.events)}
		} else {
			p.zitems[i] = abi.PollItem{FD: abi.SocketFD(it.fd), Events: int16(it.events)}
		}
		p.pfds[i] = it.pollFD()
	}
	if p.wake != nil {
		p.zitems[n] = abi.PollItem{FD: abi.SocketFD(p.wake.r), Events: abi.PollIn}
		p.pfds[n] = pollFD{fd: sysFD(p.wake.r), events: sysPollIn}
	}
	if p.caller == nil {
		p.caller = new(abi.Caller)
	}
	p.built = true
}

// Poll waits until at least one item has an event it asks for, or timeout
// passes (negative: no limit; 0: look without waiting), and returns the
// ready items in the order they were added: nothing when the time ran out.
// The slice belongs to the Poller and is valid until its next call.
//
// A socket in the poller that gets closed (by Close or its context's Term,
// from any goroutine) ends the wait within 100 ms: Poll then returns every
// closed socket of the poller, each with Events PollErr, and an error
// matching ErrClosed. Remove them to poll the others again.
//
// Poll retries EINTR itself and keeps the timeout exactly.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) Poll(timeout time.Duration) ([]PolledItem, error) {
	return p.poll(nil, timeout)
}

// poll is Poll, and PollContext when ctx is not nil.
func (p *Poller) poll(ctx context.Context, timeout time.Duration) ([]PolledItem, error) {
	if !p.built {
		p.build()
	}
	p.ready = p.ready[:0]
	if len(p.items) == 0 {
		if ctx != nil {
			return p.ready, sleepContext(ctx, timeout)
		}
		if timeout < 0 {
			return nil, fmt.Errorf("zmqffi: Poll on an empty Poller with no timeout would wait forever: %w", syscall.EINVAL)
		}
		time.Sleep(timeout)
		return p.ready, nil
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	if p.lib != nil {
		return p.pollLib(ctx, timeout, deadline)
	}
	return p.pollFDs(ctx, timeout, deadline)
}

// nextSlice returns how long the next wait of a Poll may last.
func nextSlice(timeout time.Duration, deadline time.Time) time.Duration {
	switch {
	case timeout == 0:
		return 0
	case timeout < 0:
		return pollSlice
	}
	return min(max(time.Until(deadline), 0), pollSlice)
}

// expired reports whether a Poll that found nothing ready should return.
// Libraries' own clocks may end a zmq_poll a little early: the deadline is
// ours.
func expired(timeout time.Duration, deadline time.Time) bool {
	return timeout == 0 || timeout > 0 && !time.Now().Before(deadline)
}

// closedItems fills ready with the poller's closed sockets.
func (p *Poller) closedItems() {
	p.ready = p.ready[:0]
	for _, it := range p.items {
		if it.sock != nil && it.sock.st.closed.Load() {
			p.ready = append(p.ready, PolledItem{Socket: it.sock, FD: -1, Events: PollErr})
		}
	}
}

// pollLib is the one-library path: zmq_poll in slices, holding every socket.
func (p *Poller) pollLib(ctx context.Context, timeout time.Duration, deadline time.Time) ([]PolledItem, error) {
	for {
		d := nextSlice(timeout, deadline)
		for i, st := range p.order {
			st.mu.Lock()
			if st.closed.Load() {
				for _, s := range p.order[:i+1] {
					s.mu.Unlock()
				}
				p.closedItems()
				return p.ready, ErrClosed
			}
		}
		for i := range p.zitems {
			p.zitems[i].Revents = 0
		}
		putBack := p.putBackLocked()
		if putBack {
			d = 0 // readable now: report the others without waiting
		}
		var (
			n int
			e syscall.Errno
		)
		n, e = p.lib.PollWith(p.caller, p.zitems, d)
		if putBack && e == 0 {
			n += p.addPutBackLocked()
		}
		for _, st := range p.order {
			st.unlock()
		}
		switch {
		case e == syscall.EINTR:
			continue
		case e != 0:
			return nil, errnoErr("zmq_poll", e)
		}
		if n > 0 {
			for i := range p.items {
				if r := PollEvent(p.zitems[i].Revents); r != 0 {
					p.addReady(i, r)
				}
			}
		}
		if len(p.ready) > 0 || expired(timeout, deadline) {
			return p.ready, nil
		}
		if err := p.woken(ctx); err != nil {
			return p.ready, err
		}
	}
}

// addReady reports item i with events r: a socket by itself, a descriptor
// by its number.
func (p *Poller) addReady(i int, r PollEvent) {
	it := &p.items[i]
	fd := it.fd
	if it.sock != nil {
		fd = -1
	}
	p.ready = append(p.ready, PolledItem{Socket: it.sock, FD: fd, Events: r})
}

// readyEvents reads ZMQ_EVENTS, taking the socket as a send or receive would.
func (st *socketState) readyEvents() (PollEvent, error) {
	if err := st.lock(); err != nil {
		return 0, err
	}
	ev, e := st.eventsLocked()
	if e == 0 && st.hasPutBackLocked() {
		ev |= abi.PollIn
	}
	st.unlock()
	if e != 0 {
		return 0, errnoErr("zmq_getsockopt", e)
	}
	return PollEvent(ev), nil
}

// pollFDs is the path of sockets from several libraries (and of plain
// descriptors alone): ZMQ_EVENTS of every socket, then one poll(2) on their
// ZMQ_FDs and the descriptors, in slices, until something is ready.
//
// ZMQ_FD is edge-triggered: it signals that ZMQ_EVENTS may have changed, and
// any libzmq call on the socket may consume that signal. Reading ZMQ_EVENTS
// before each poll(2) processes what was signalled, so an event that comes
// later signals the descriptor again, and poll(2) sees it (the descriptor
// stays readable until libzmq reads it).
func (p *Poller) pollFDs(ctx context.Context, timeout time.Duration, deadline time.Time) ([]PolledItem, error) {
	for {
		d := nextSlice(timeout, deadline)
		found := false
		for i := range p.items {
			it := &p.items[i]
			p.rev[i] = 0
			if it.sock == nil {
				continue
			}
			var (
				ev  PollEvent
				err error
			)
			if it.events == 0 {
				if it.sock.st.closed.Load() {
					err = ErrClosed
				}
			} else {
				ev, err = it.sock.st.readyEvents()
			}
			if err == ErrClosed {
				p.closedItems()
				return p.ready, ErrClosed
			}
			if err != nil {
				return nil, err
			}
			if r := ev & it.events; r != 0 {
				p.rev[i] = r
				found = true
			}
		}
		if found {
			d = 0 // report the descriptors that are ready too, without waiting
		}
		for i := range p.pfds {
			p.pfds[i].revents = 0
		}
		n, e := sysPoll(p.pfds, d, &p.ts)
		switch {
		case e == syscall.EINTR:
			if !found {
				continue
			}
		case e != 0:
			return nil, fmt.Errorf("zmqffi: poll(2): %w", e)
		}
		if n > 0 {
			for i := range p.items {
				if it := &p.items[i]; it.sock == nil {
					p.rev[i] = fromSysEvents(p.pfds[i].revents) & (it.events | PollErr)
				}
			}
		}
		for i := range p.items {
			if r := p.rev[i]; r != 0 {
				p.addReady(i, r)
			}
		}
		if len(p.ready) > 0 || expired(timeout, deadline) {
			return p.ready, nil
		}
		if err := p.woken(ctx); err != nil {
			return p.ready, err
		}
		// A socket's ZMQ_FD signalled, or the slice ended: look again.
	}
}

// fromSysEvents maps poll(2) revents as zmq_poll does: anything but
// POLLIN, POLLOUT and POLLPRI is an error.
func fromSysEvents(r int16) PollEvent {
	var ev PollEvent
	if r&sysPollIn != 0 {
		ev |= PollIn
	}
	if r&sysPollOut != 0 {
		ev |= PollOut
	}
	if r&^(sysPollIn|sysPollOut|sysPollPri) != 0 {
		ev |= PollErr
	}
	return ev
}
