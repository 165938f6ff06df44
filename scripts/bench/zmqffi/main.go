// Command zmqffi is the zmqffi side of scripts/bench: the same workloads as
// scripts/bench/c/bench.c and the pebbe/zmq4 program, through zmqffi's
// public API: Send of a reused buffer; Recv, which returns a new slice per
// frame (-recv alloc), or RecvInto a reused buffer (-recv into).
//
//	zmqffi -role pull|push|pushpull|pushpull-zc|rep|req|version -transport tcp|inproc \
//	       -size N -count N [-warmup N] -endpoint E [-recv alloc|into] [-cpuprofile F] [-blocking-wait D]
//
// It prints one line: RESULT impl=zmqffi role=... (see bench.c for the keys).
// -role version prints the library and the receive modes it implements.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/scripts/bench/internal/latency"
)

var (
	role       = flag.String("role", "", "pull, push, pushpull (both in one process), pushpull-zc (the same through SendZeroCopy and RecvMessage), rep, req, or version (print the libzmq version)")
	transport  = flag.String("transport", "tcp", "tcp or inproc (printed; the endpoint decides)")
	size       = flag.Int("size", 1, "message size in bytes")
	count      = flag.Int("count", 1000, "messages (throughput) or timed round trips (latency)")
	warmup     = flag.Int("warmup", 1000, "untimed round trips before the timed ones (latency)")
	endpoint   = flag.String("endpoint", "", "endpoint to bind (pull, rep) or connect (push, req)")
	cpuprofile = flag.String("cpuprofile", "", "write a CPU profile of the timed part to this file")
	blocking   = flag.Duration("blocking-wait", 0, "Socket.SetBlockingWait on every socket (0: not called, the default waiting; -1ns: zmqffi.AdaptiveWait)")
	recvMode   = flag.String("recv", "alloc", "alloc: Recv, a new slice per frame; into: RecvInto a reused buffer")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "zmqffi bench:", err)
		os.Exit(1)
	}
}

func run() error {
	if *role == "version" {
		ctx, err := zmqffi.NewContext()
		if err != nil {
			return err
		}
		fmt.Printf("VERSION impl=zmqffi libzmq=%s path=%s recv=alloc,into zc=1\n", ctx.Version(), ctx.LibraryPath())
		return ctx.Term()
	}
	if *count < 2 || *size < 0 || *endpoint == "" {
		return errors.New("need -count >= 2, -size >= 0 and -endpoint")
	}
	if *recvMode != "alloc" && *recvMode != "into" {
		return fmt.Errorf("-recv %q: alloc or into", *recvMode)
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
	ctx, err := zmqffi.NewContext()
	if err != nil {
		return err
	}
	defer ctx.Term()
	buf := make([]byte, *size)
	switch *role {
	case "pull":
		s, err := bound(ctx, zmqffi.PULL)
		if err != nil {
			return err
		}
		return pull(s, buf)
	case "push":
		s, err := connected(ctx, zmqffi.PUSH)
		if err != nil {
			return err
		}
		return send(s, buf, *count)
	case "pushpull":
		return inProcess(ctx,
			func(p *zmqffi.Socket) error { return send(p, make([]byte, *size), *count) },
			func(s *zmqffi.Socket) error { return pull(s, buf) })
	case "pushpull-zc":
		// The calls of libzmq's inproc_thr, through the zero-copy API: the
		// sender lends one buffer that never changes to every frame.
		return inProcess(ctx, func(p *zmqffi.Socket) error {
			lent := make([]byte, *size)
			for i := 0; i < *count; i++ {
				if err := p.SendZeroCopy(lent, 0, nil); err != nil {
					return err
				}
			}
			return nil
		}, pullMessages)
	case "rep":
		s, err := bound(ctx, zmqffi.REP)
		if err != nil {
			return err
		}
		for i := 0; i < *warmup+*count; i++ {
			b, err := recvOne(s, buf)
			if err != nil {
				return err
			}
			if err := s.Send(b, 0); err != nil {
				return err
			}
		}
		return nil
	case "req":
		s, err := connected(ctx, zmqffi.REQ)
		if err != nil {
			return err
		}
		return req(s, buf)
	}
	return fmt.Errorf("unknown -role %q", *role)
}

func bound(ctx *zmqffi.Context, t zmqffi.SocketType) (*zmqffi.Socket, error) {
	s, err := newSocket(ctx, t)
	if err != nil {
		return nil, err
	}
	return s, s.Bind(*endpoint)
}

func connected(ctx *zmqffi.Context, t zmqffi.SocketType) (*zmqffi.Socket, error) {
	s, err := newSocket(ctx, t)
	if err != nil {
		return nil, err
	}
	return s, s.Connect(*endpoint)
}

func newSocket(ctx *zmqffi.Context, t zmqffi.SocketType) (*zmqffi.Socket, error) {
	s, err := ctx.Socket(t)
	if err != nil {
		return nil, err
	}
	if *blocking == 0 {
		return s, nil // the default waiting
	}
	return s, s.SetBlockingWait(*blocking)
}

func send(s *zmqffi.Socket, buf []byte, n int) error {
	for i := 0; i < n; i++ {
		if err := s.Send(buf, 0); err != nil {
			return err
		}
	}
	return nil
}

// inProcess runs pushpull: a bound PULL socket receives with recv while a
// goroutine's PUSH socket, connected to it, sends with send.
func inProcess(ctx *zmqffi.Context, send, recv func(*zmqffi.Socket) error) error {
	s, err := bound(ctx, zmqffi.PULL)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() {
		p, err := connected(ctx, zmqffi.PUSH)
		if err == nil {
			err = send(p)
		}
		errc <- err
	}()
	if err := recv(s); err != nil {
		return err
	}
	return <-errc
}

// recvOne receives one frame the way -recv says: with Recv, into a new
// slice, or with RecvInto, into buf.
func recvOne(s *zmqffi.Socket, buf []byte) ([]byte, error) {
	if *recvMode == "alloc" {
		return s.Recv(0)
	}
	n, err := s.RecvInto(buf, 0)
	return buf[:min(n, len(buf))], err
}

func pull(s *zmqffi.Socket, buf []byte) error {
	return timeReceives(func() error {
		_, err := recvOne(s, buf)
		return err
	})
}

// pullMessages is pull through RecvMessage, which copies nothing.
func pullMessages(s *zmqffi.Socket) error {
	return timeReceives(func() error {
		m, err := s.RecvMessage(0)
		if err != nil {
			return err
		}
		if len(m.Bytes()) != *size {
			return fmt.Errorf("received %d bytes, sent %d", len(m.Bytes()), *size)
		}
		return m.Close()
	})
}

// timeReceives makes count receives with recv and prints the rate from the
// first to the last.
func timeReceives(recv func() error) error {
	if err := recv(); err != nil {
		return err
	}
	start := time.Now()
	for i := 1; i < *count; i++ {
		if err := recv(); err != nil {
			return err
		}
	}
	ns := time.Since(start).Nanoseconds()
	fmt.Printf("RESULT impl=%s role=%s transport=%s size=%d recv=%s msgs=%d ns=%d\n", implName(), *role, *transport, *size, *recvMode, *count-1, ns)
	return nil
}

func req(s *zmqffi.Socket, buf []byte) error {
	st, err := latency.Measure(*warmup, *count, func() error { return roundTrip(s, buf) })
	if err != nil {
		return err
	}
	fmt.Printf("RESULT impl=%s role=req transport=%s size=%d recv=%s rtts=%d mean_ns=%d p50_ns=%d p99_ns=%d\n",
		implName(), *transport, *size, *recvMode, st.N, st.Mean, st.P50, st.P99)
	return nil
}

func roundTrip(s *zmqffi.Socket, buf []byte) error {
	if err := s.Send(buf, 0); err != nil {
		return err
	}
	_, err := recvOne(s, buf)
	return err
}

// implName names the implementation in RESULT lines: zmqffi, or zmqffi-bw
// with a fixed blocking wait, zmqffi-aw with the adaptive one.
func implName() string {
	switch {
	case *blocking > 0:
		return "zmqffi-bw"
	case *blocking < 0:
		return "zmqffi-aw"
	}
	return "zmqffi"
}
