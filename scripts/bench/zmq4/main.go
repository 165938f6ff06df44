// Command zmq4 is the zmqffi/zmq4 side of scripts/bench: the pebbe/zmq4
// program's calls (SendBytes of a reused buffer, RecvBytes) through package
// github.com/zmqffi/zmqffi/zmq4, or, with -api root, the same calls through
// the root package (Send of a reused buffer, Recv, which allocates as
// RecvBytes does), so that the cost of the drop-in over the root API is
// measured like with like.
//
//	zmq4 -role pull|push|pushpull|rep|req|version -transport tcp|inproc \
//	     -size N -count N [-warmup N] -endpoint E [-api zmq4|root]
//
// It prints one line: RESULT impl=zmq4 (or zmq4-root) role=... (see bench.c
// for the keys).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/scripts/bench/internal/latency"
	zmq "github.com/zmqffi/zmqffi/zmq4"
)

var (
	role      = flag.String("role", "", "pull, push, pushpull (both in one process), rep, req, or version (print the libzmq version)")
	transport = flag.String("transport", "tcp", "tcp or inproc (printed; the endpoint decides)")
	size      = flag.Int("size", 1, "message size in bytes")
	count     = flag.Int("count", 1000, "messages (throughput) or timed round trips (latency)")
	warmup    = flag.Int("warmup", 1000, "untimed round trips before the timed ones (latency)")
	endpoint  = flag.String("endpoint", "", "endpoint to bind (pull, rep) or connect (push, req)")
	api       = flag.String("api", "zmq4", "zmq4 (package zmq4) or root (the zmqffi root package, the same calls)")
)

// sock is one socket of either API; both sides pay the same interface call.
type sock interface {
	send(b []byte) error
	recv() ([]byte, error)
}

type zmq4Sock struct{ s *zmq.Socket }

func (z zmq4Sock) send(b []byte) error {
	_, err := z.s.SendBytes(b, 0)
	return err
}

func (z zmq4Sock) recv() ([]byte, error) { return z.s.RecvBytes(0) }

type rootSock struct{ s *zmqffi.Socket }

func (r rootSock) send(b []byte) error { return r.s.Send(b, 0) }

func (r rootSock) recv() ([]byte, error) { return r.s.Recv(0) }

// socket types by role, the same numbers in both APIs
const (
	push = 8
	pull = 7
	req  = 3
	rep  = 4
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "zmq4 bench:", err)
		os.Exit(1)
	}
}

func implName() string {
	if *api == "root" {
		return "zmq4-root"
	}
	return "zmq4"
}

func run() error {
	if *role == "version" {
		major, minor, patch := zmq.Version()
		fmt.Printf("VERSION impl=%s libzmq=%d.%d.%d\n", implName(), major, minor, patch)
		return nil
	}
	if *count < 2 || *size < 0 || *endpoint == "" || (*api != "zmq4" && *api != "root") {
		return errors.New("need -count >= 2, -size >= 0, -endpoint and -api zmq4|root")
	}
	open, done, err := opener()
	if err != nil {
		return err
	}
	defer done()
	buf := make([]byte, *size)
	switch *role {
	case "pull":
		s, err := open(pull, true)
		if err != nil {
			return err
		}
		return receive(s)
	case "push":
		s, err := open(push, false)
		if err != nil {
			return err
		}
		return send(s, buf, *count)
	case "pushpull":
		s, err := open(pull, true)
		if err != nil {
			return err
		}
		p, err := open(push, false)
		if err != nil {
			return err
		}
		errc := make(chan error, 1)
		go func() { errc <- send(p, make([]byte, *size), *count) }()
		if err := receive(s); err != nil {
			return err
		}
		return <-errc
	case "rep":
		s, err := open(rep, true)
		if err != nil {
			return err
		}
		for i := 0; i < *warmup+*count; i++ {
			b, err := s.recv()
			if err != nil {
				return err
			}
			if err := s.send(b); err != nil {
				return err
			}
		}
		return nil
	case "req":
		s, err := open(req, false)
		if err != nil {
			return err
		}
		return request(s, buf)
	}
	return fmt.Errorf("unknown -role %q", *role)
}

// opener returns a function that opens a socket of the chosen API, bound or
// connected to the endpoint, and one that closes them all.
func opener() (func(t int, bind bool) (sock, error), func(), error) {
	if *api == "root" {
		ctx, err := zmqffi.NewContext()
		if err != nil {
			return nil, nil, err
		}
		open := func(t int, bind bool) (sock, error) {
			s, err := ctx.Socket(zmqffi.SocketType(t))
			if err != nil {
				return nil, err
			}
			if bind {
				return rootSock{s}, s.Bind(*endpoint)
			}
			return rootSock{s}, s.Connect(*endpoint)
		}
		return open, func() { _ = ctx.Term() }, nil
	}
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, nil, err
	}
	open := func(t int, bind bool) (sock, error) {
		s, err := ctx.NewSocket(zmq.Type(t))
		if err != nil {
			return nil, err
		}
		if bind {
			return zmq4Sock{s}, s.Bind(*endpoint)
		}
		return zmq4Sock{s}, s.Connect(*endpoint)
	}
	return open, func() { _ = ctx.Term() }, nil
}

func send(s sock, buf []byte, n int) error {
	for i := 0; i < n; i++ {
		if err := s.send(buf); err != nil {
			return err
		}
	}
	return nil
}

func receive(s sock) error {
	if _, err := s.recv(); err != nil {
		return err
	}
	start := time.Now()
	for i := 1; i < *count; i++ {
		if _, err := s.recv(); err != nil {
			return err
		}
	}
	ns := time.Since(start).Nanoseconds()
	fmt.Printf("RESULT impl=%s role=%s transport=%s size=%d msgs=%d ns=%d\n", implName(), *role, *transport, *size, *count-1, ns)
	return nil
}

func request(s sock, buf []byte) error {
	st, err := latency.Measure(*warmup, *count, func() error { return roundTrip(s, buf) })
	if err != nil {
		return err
	}
	fmt.Printf("RESULT impl=%s role=req transport=%s size=%d rtts=%d mean_ns=%d p50_ns=%d p99_ns=%d\n",
		implName(), *transport, *size, st.N, st.Mean, st.P50, st.P99)
	return nil
}

func roundTrip(s sock, buf []byte) error {
	if err := s.send(buf); err != nil {
		return err
	}
	_, err := s.recv()
	return err
}
