// Command pebbe is the pebbe/zmq4 (cgo) side of scripts/bench: the same
// workloads as scripts/bench/c/bench.c and the zmqffi program. pebbe/zmq4
// has no receive into a caller's buffer, so it receives with RecvBytes
// (zmq_msg_recv plus a Go allocation and copy), its fastest receive; it
// sends with SendBytes of a reused buffer (zmq_send). Both retry EINTR, as
// pebbe/zmq4 does by default.
//
// It lives in its own module so that the main module stays free of cgo.
//
//	pebbe -role pull|push|pushpull|rep|req|version -transport tcp|inproc \
//	      -size N -count N [-warmup N] -endpoint E [-recv alloc] [-cpuprofile F]
//
// -role version prints the receive modes it implements: alloc only.
//
// It prints one line: RESULT impl=pebbe role=... (see bench.c for the keys).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"time"

	zmq "github.com/pebbe/zmq4"
)

var (
	role       = flag.String("role", "", "pull, push, pushpull (both in one process), rep, req, or version (print the libzmq version)")
	transport  = flag.String("transport", "tcp", "tcp or inproc (printed; the endpoint decides)")
	size       = flag.Int("size", 1, "message size in bytes")
	count      = flag.Int("count", 1000, "messages (throughput) or timed round trips (latency)")
	warmup     = flag.Int("warmup", 1000, "untimed round trips before the timed ones (latency)")
	endpoint   = flag.String("endpoint", "", "endpoint to bind (pull, rep) or connect (push, req)")
	cpuprofile = flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	recvMode   = flag.String("recv", "alloc", "alloc (RecvBytes); pebbe/zmq4 has no receive into a caller's buffer")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pebbe bench:", err)
		os.Exit(1)
	}
}

func run() error {
	if *role == "version" {
		major, minor, patch := zmq.Version()
		fmt.Printf("VERSION impl=pebbe libzmq=%d.%d.%d recv=alloc\n", major, minor, patch)
		return nil
	}
	if *count < 2 || *size < 0 || *endpoint == "" {
		return errors.New("need -count >= 2, -size >= 0 and -endpoint")
	}
	if *recvMode != "alloc" {
		return fmt.Errorf("-recv %q: pebbe/zmq4 has only alloc (RecvBytes)", *recvMode)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	var socks []*zmq.Socket
	defer func() {
		for _, s := range socks {
			_ = s.Close()
		}
		_ = ctx.Term()
	}()
	open := func(t zmq.Type, bind bool) (*zmq.Socket, error) {
		s, err := ctx.NewSocket(t)
		if err != nil {
			return nil, err
		}
		socks = append(socks, s)
		if bind {
			return s, s.Bind(*endpoint)
		}
		return s, s.Connect(*endpoint)
	}
	buf := make([]byte, *size)
	switch *role {
	case "pull":
		s, err := open(zmq.PULL, true)
		if err != nil {
			return err
		}
		return pull(s)
	case "push":
		s, err := open(zmq.PUSH, false)
		if err != nil {
			return err
		}
		return send(s, buf, *count)
	case "pushpull":
		s, err := open(zmq.PULL, true)
		if err != nil {
			return err
		}
		p, err := open(zmq.PUSH, false)
		if err != nil {
			return err
		}
		errc := make(chan error, 1)
		go func() { errc <- send(p, make([]byte, *size), *count) }()
		if err := pull(s); err != nil {
			return err
		}
		return <-errc
	case "rep":
		s, err := open(zmq.REP, true)
		if err != nil {
			return err
		}
		for i := 0; i < *warmup+*count; i++ {
			b, err := s.RecvBytes(0)
			if err != nil {
				return err
			}
			if _, err := s.SendBytes(b, 0); err != nil {
				return err
			}
		}
		return nil
	case "req":
		s, err := open(zmq.REQ, false)
		if err != nil {
			return err
		}
		return req(s, buf)
	}
	return fmt.Errorf("unknown -role %q", *role)
}

func send(s *zmq.Socket, buf []byte, n int) error {
	for i := 0; i < n; i++ {
		if _, err := s.SendBytes(buf, 0); err != nil {
			return err
		}
	}
	return nil
}

func pull(s *zmq.Socket) error {
	if _, err := s.RecvBytes(0); err != nil {
		return err
	}
	start := time.Now()
	for i := 1; i < *count; i++ {
		if _, err := s.RecvBytes(0); err != nil {
			return err
		}
	}
	ns := time.Since(start).Nanoseconds()
	fmt.Printf("RESULT impl=pebbe role=%s transport=%s size=%d recv=alloc msgs=%d ns=%d\n", *role, *transport, *size, *count-1, ns)
	return nil
}

func req(s *zmq.Socket, buf []byte) error {
	for i := 0; i < *warmup; i++ {
		if err := roundTrip(s, buf); err != nil {
			return err
		}
	}
	lat := make([]int64, *count)
	var sum int64
	for i := range lat {
		t0 := time.Now()
		if err := roundTrip(s, buf); err != nil {
			return err
		}
		lat[i] = time.Since(t0).Nanoseconds()
		sum += lat[i]
	}
	slices.Sort(lat)
	n := len(lat)
	fmt.Printf("RESULT impl=pebbe role=req transport=%s size=%d recv=alloc rtts=%d mean_ns=%d p50_ns=%d p99_ns=%d\n",
		*transport, *size, n, sum/int64(n), lat[pct(n, 50)], lat[pct(n, 99)])
	return nil
}

func roundTrip(s *zmq.Socket, buf []byte) error {
	if _, err := s.SendBytes(buf, 0); err != nil {
		return err
	}
	_, err := s.RecvBytes(0)
	return err
}

func pct(n, p int) int { return min(n*p/100, n-1) }
