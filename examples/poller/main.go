// Command poller waits on sockets of several libzmq libraries at once, and
// on a pipe, with one zmqffi.Poller: no single zmq_poll could take them, as
// each library's zmq_poll only knows its own sockets.
//
//	go run ./examples/poller                      # the system libzmq, and a copy of it
//	go run ./examples/poller ~/zmq/2.2.0/lib/libzmq.so.1 ~/zmq/3.2.5/lib/libzmq.so.3 libzmq.so.5
//
// It opens a context per library (sonames or paths; by default the system
// libzmq twice: as itself, and as a temporary copy that the dynamic linker
// loads as a second library), binds a PULL socket in each and connects each
// context's PUSH to the next context's PULL over tcp. Every PUSH sends a few
// messages; one Poller holds every PULL and the read end of a pipe, which a
// goroutine writes to once the messages are sent. The loop drains each
// socket Poll reports until it would block.
//
// It prints "ok" and exits 0 once every message and the pipe's byte arrived.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/examples/internal/loopback"
	"github.com/zmqffi/zmqffi/loader"
)

func main() {
	count := flag.Int("count", 3, "messages each PUSH sends")
	timeout := flag.Duration("timeout", 10*time.Second, "give up after this long")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: poller [--count 3] [--timeout 10s] [soname-or-path ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := start(flag.Args(), *count, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "poller:", err)
		os.Exit(1)
	}
}

func start(libs []string, count int, timeout time.Duration) error {
	if len(libs) == 0 {
		sys, cp, err := systemAndCopy()
		if err != nil {
			return err
		}
		defer os.RemoveAll(filepath.Dir(cp))
		libs = []string{sys, cp}
	}
	return run(libs, count, timeout)
}

// systemAndCopy finds the default libzmq and copies it to a temporary
// folder: the same file under another path is another library to the
// dynamic linker.
func systemAndCopy() (sys, cp string, err error) {
	if sys, _, err = loader.ResolveDefault(); err != nil {
		return "", "", fmt.Errorf("no libzmq found on this host; name one or more on the command line: %w", err)
	}
	dir, err := os.MkdirTemp("", "zmqffi-poller-")
	if err != nil {
		return "", "", err
	}
	in, err := os.Open(sys)
	if err != nil {
		return "", "", err
	}
	defer in.Close()
	cp = filepath.Join(dir, filepath.Base(sys))
	out, err := os.Create(cp)
	if err != nil {
		return "", "", err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return "", "", err
	}
	return sys, cp, out.Close()
}

type node struct {
	ctx        *zmqffi.Context
	name       string // "4.3.4 #1"
	pull, push *zmqffi.Socket
	endpoint   string
}

func run(libs []string, count int, timeout time.Duration) error {
	var nodes []*node
	defer func() {
		for _, n := range nodes {
			_ = n.ctx.Term()
		}
	}()
	for i, lib := range libs {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(lib))
		if err != nil {
			return err
		}
		n := &node{ctx: ctx, name: fmt.Sprintf("%s #%d", ctx.Version(), i+1)}
		nodes = append(nodes, n)
		fmt.Printf("context %d: libzmq %s from %s\n", i+1, ctx.Version(), ctx.LibraryPath())
		if n.pull, err = ctx.Socket(zmqffi.PULL); err != nil {
			return err
		}
		if n.push, err = ctx.Socket(zmqffi.PUSH); err != nil {
			return err
		}
		for _, s := range []*zmqffi.Socket{n.pull, n.push} {
			if err := s.SetLinger(0); err != nil {
				return err
			}
			if err := s.SetSndTimeout(timeout); err != nil {
				return err
			}
		}
		if n.endpoint, err = loopback.Bind(n.pull); err != nil {
			return fmt.Errorf("libzmq %s: %w", n.name, err)
		}
	}
	for i, n := range nodes {
		next := nodes[(i+1)%len(nodes)]
		if err := n.push.Connect(next.endpoint); err != nil {
			return fmt.Errorf("libzmq %s: connect to %s: %w", n.name, next.endpoint, err)
		}
	}

	poller := zmqffi.NewPoller()
	for _, n := range nodes {
		if err := poller.Add(n.pull, zmqffi.PollIn); err != nil {
			return err
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	defer w.Close()
	if err := poller.AddFD(int(r.Fd()), zmqffi.PollIn); err != nil {
		return err
	}

	// The senders: each PUSH on a goroutine of its own (a socket is used by
	// one goroutine at a time; this one is not in the poller). Then a byte
	// down the pipe.
	errc := make(chan error, len(nodes))
	for _, n := range nodes {
		go func() {
			for k := 0; k < count; k++ {
				if err := n.push.SendString(fmt.Sprintf("message %d from libzmq %s", k, n.name), 0); err != nil {
					errc <- fmt.Errorf("libzmq %s: send: %w", n.name, err)
					return
				}
			}
			errc <- nil
		}()
	}
	go func() {
		for range nodes {
			if err := <-errc; err != nil {
				fmt.Fprintln(os.Stderr, "poller:", err)
			}
		}
		_, _ = w.Write([]byte{'!'})
	}()

	want := count * len(nodes)
	received, polls, piped := 0, 0, false
	deadline := time.Now().Add(timeout)
	for received < want || !piped {
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("timed out: %d of %d messages, pipe readable: %v", received, want, piped)
		}
		ready, err := poller.Poll(left)
		if err != nil {
			return err
		}
		polls++
		for _, it := range ready {
			if it.Socket == nil {
				var b [1]byte
				if _, err := r.Read(b[:]); err != nil {
					return err
				}
				fmt.Printf("pipe (fd %d) readable: every PUSH has sent\n", it.FD)
				piped = true
				continue
			}
			n := nodeOf(nodes, it.Socket)
			for {
				msg, err := it.Socket.RecvString(zmqffi.DontWait)
				if errors.Is(err, syscall.EAGAIN) {
					break
				}
				if err != nil {
					return err
				}
				fmt.Printf("libzmq %s PULL received %q\n", n.name, msg)
				received++
			}
		}
	}
	var names []string
	for _, n := range nodes {
		names = append(names, n.name)
	}
	fmt.Printf("received %d messages on %d libraries (%s) in %d polls\n", received, len(nodes), strings.Join(names, ", "), polls)
	fmt.Println("ok")
	return nil
}

func nodeOf(nodes []*node, s *zmqffi.Socket) *node {
	for _, n := range nodes {
		if n.pull == s {
			return n
		}
	}
	return nil
}
