//go:build unix

// Command eventloop is the ZMQ_FD recipe done right: how to wait for a
// zmqffi socket inside an event loop of your own (here a select over
// channels) instead of in Recv.
//
//	go run ./examples/eventloop
//	go run ./examples/eventloop --soname libzmq.so.3 --messages 20
//
// A PUSH socket sends bursts of messages on a ticker to a PULL socket over
// tcp. A watcher goroutine waits, in Go's netpoller, for the PULL socket's
// ZMQ_FD to become readable and then tells the loop, which drains the socket:
// HasPollin, Recv(DontWait), again until HasPollin is false. ZMQ_FD is
// edge-triggered: it says that the socket's state may have changed, not
// that a message is there, and a signal that a libzmq call consumed does not
// come again for messages still queued; so the loop drains with a loop, not
// an if, and the watcher re-arms before the loop drains (see watch). The
// watcher never calls libzmq: the loop is the socket's one goroutine.
//
// zmqffi's own Recv waits this way already, and its Poller waits on many
// sockets: this recipe is for programs whose loop must own the waiting.
//
// It prints "ok" and exits 0 when every message arrived through the loop.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/examples/internal/loopback"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	messages := flag.Int("messages", 10, "how many messages to send and receive")
	interval := flag.Duration("interval", 5*time.Millisecond, "time between bursts of messages")
	timeout := flag.Duration("timeout", 10*time.Second, "give up after this long")
	flag.Parse()
	if err := run(*soname, *messages, *interval, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "eventloop:", err)
		os.Exit(1)
	}
}

func run(soname string, messages int, interval, timeout time.Duration) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()
	fmt.Printf("libzmq %s loaded from %s\n", ctx.Version(), ctx.LibraryPath())

	pull, err := ctx.Socket(zmqffi.PULL)
	if err != nil {
		return err
	}
	push, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		return err
	}
	for _, s := range []*zmqffi.Socket{pull, push} {
		if err := s.SetLinger(0); err != nil {
			return err
		}
	}
	endpoint, err := loopback.Bind(pull)
	if err != nil {
		return err
	}
	if err := push.Connect(endpoint); err != nil {
		return err
	}

	fd, err := pull.FD()
	if err != nil {
		return err
	}
	w, err := watch(fd)
	if err != nil {
		return err
	}
	defer w.stop()
	fmt.Printf("PULL bound to %s; watching its ZMQ_FD (%d) through a duplicate\n", endpoint, fd)

	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	deadline := time.After(timeout)
	sent, received, drains, ticks := 0, 0, 0, 0
	for received < messages {
		select {
		case <-w.ready:
			// The watcher is armed again: drain everything queued now.
			drains++
			n := 0
			for {
				in, err := pull.HasPollin()
				if err != nil {
					return err
				}
				if !in {
					break
				}
				msg, err := pull.RecvString(zmqffi.DontWait)
				if err != nil {
					return fmt.Errorf("HasPollin said a message was there: %w", err)
				}
				if want := fmt.Sprintf("message %d", received); msg != want {
					return fmt.Errorf("received %q, expected %q", msg, want)
				}
				received++
				n++
			}
			if n > 0 {
				fmt.Printf("drain %d: %d message(s), %d of %d\n", drains, n, received, messages)
			}
		case <-ticker.C:
			// A burst of 1 to 3 messages: one signal may stand for several.
			ticks++
			for k := 0; k < 1+ticks%3 && sent < messages; k++ {
				if err := push.SendString(fmt.Sprintf("message %d", sent), zmqffi.DontWait); err != nil {
					if errors.Is(err, syscall.EAGAIN) {
						break // not connected yet: the next tick tries again
					}
					return err
				}
				sent++
			}
		case <-deadline:
			return fmt.Errorf("timed out after %v: sent %d, received %d", timeout, sent, received)
		}
	}
	fmt.Printf("received %d messages in %d drains\n", received, drains)
	fmt.Println("ok")
	return nil
}

// watcher reports, on ready, each time the descriptor it watches may have
// changed state.
type watcher struct {
	f     *os.File
	rc    syscall.RawConn
	ready chan struct{}
	done  chan struct{}
	ended chan struct{}
}

// watch starts watching fd, a socket's ZMQ_FD. It watches a duplicate:
// libzmq owns the original and must be the only one to read, write or close
// it. libzmq made the descriptor non-blocking, so os.NewFile registers the
// duplicate with Go's netpoller and waiting on it holds no OS thread.
func watch(fd int) (*watcher, error) {
	syscall.ForkLock.RLock()
	nfd, err := syscall.Dup(fd)
	if err == nil {
		syscall.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("dup ZMQ_FD: %w", err)
	}
	f := os.NewFile(uintptr(nfd), "zmq-fd")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &watcher{f: f, rc: rc, ready: make(chan struct{}), done: make(chan struct{}), ended: make(chan struct{})}
	go w.run()
	return w, nil
}

// run sends on ready once per signal of the descriptor, and first once at
// the start. RawConn.Read resets the netpoller's readiness and then calls
// the function: its first call sends on ready, so the loop drains only once
// the watcher is armed, and a signal that comes during or after the drain
// wakes it again. The function never reads the descriptor (that would steal
// libzmq's signal); returning false parks until the descriptor signals.
func (w *watcher) run() {
	defer close(w.ended)
	for {
		armed := false
		err := w.rc.Read(func(uintptr) bool {
			if armed {
				return true // the descriptor signalled
			}
			armed = true
			select {
			case w.ready <- struct{}{}:
				return false
			case <-w.done:
				return true
			}
		})
		select {
		case <-w.done:
			return
		default:
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "eventloop: watching ZMQ_FD:", err)
			return
		}
	}
}

// stop ends the watcher and closes the duplicate (never the original).
func (w *watcher) stop() {
	close(w.done)
	_ = w.f.SetReadDeadline(time.Unix(1, 0)) // wakes a parked Read
	<-w.ended
	_ = w.f.Close()
}
