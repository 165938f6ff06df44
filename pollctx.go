package zmqffi

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// PollContext is Poll that also ends when ctx is done: promptly (the poll
// watches a pipe that ctx's end writes to, so no slice has to run out),
// returning ctx.Err(), or the ready items with a nil error if some were
// found in the same look. A ctx done already returns its error at once. A
// nil ctx, or one that can never end, makes it Poll.
//
// The first PollContext with a context that can end gives the Poller a
// pipe (two descriptors, closed when the Poller is garbage collected),
// polled with its items from then on.
//
// https://libzmq.readthedocs.io/en/latest/zmq_poll.html
func (p *Poller) PollContext(ctx context.Context, timeout time.Duration) ([]PolledItem, error) {
	if ctx == nil || ctx.Done() == nil {
		return p.Poll(timeout)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.wake == nil {
		w, err := newWakePipe()
		if err != nil {
			return nil, fmt.Errorf("zmqffi: PollContext: %w", err)
		}
		runtime.AddCleanup(p, (*wakePipe).close, w)
		p.wake, p.built = w, false
	}
	stop := context.AfterFunc(ctx, p.wake.wake)
	defer stop()
	return p.poll(ctx, timeout)
}

// sleepContext is PollContext on an empty Poller: it waits for timeout
// (negative: no limit) or the end of ctx, whichever comes first.
func sleepContext(ctx context.Context, timeout time.Duration) error {
	var expired <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-expired:
		return nil
	}
}

// woken is asked when a look found nothing ready and time is left: it
// empties the wake-up pipe if it was readable (a cancellation, or a late
// one from an earlier PollContext) and reports ctx.Err() (nil ctx: nil).
func (p *Poller) woken(ctx context.Context) error {
	if p.wake != nil {
		n := len(p.items)
		if p.lib != nil && p.zitems[n].Revents != 0 || p.lib == nil && p.pfds[n].revents != 0 {
			p.wake.drain()
		}
	}
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// wakePipe is the pipe of PollContext: r is polled, w written to wake it.
// mu orders a late wake against close, so that a descriptor number reused
// after close is never written to.
type wakePipe struct {
	mu     sync.Mutex
	r, w   int
	closed bool
}

func (w *wakePipe) wake() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		writeOneByte(w.w) // a full pipe is readable already
	}
}

func (w *wakePipe) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		closeFD(w.r)
		closeFD(w.w)
	}
}

func (w *wakePipe) drain() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		drainFD(w.r)
	}
}
