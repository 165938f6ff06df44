// Command multiversion is the demo of Perl's ZMQ::FFI announcement done
// right: it opens one context on each libzmq it is given (sonames or paths;
// by default every libzmq found on the host), passes a message around a ring
// of PUSH→PULL hops over tcp, one hop per context, and prints each hop:
//
//	4.3.5 context received message from 2.2.0 context
//
// Two builds that share a soname (4.1.8 and 4.3.5 are both libzmq.so.5) are
// two libraries here. It exits non-zero if any hop fails.
//
//	go run ./examples/multiversion ~/zmq/2.2.0/lib/libzmq.so.1 libzmq.so.5
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/examples/internal/loopback"
	"github.com/zmqffi/zmqffi/loader"
)

func main() {
	timeout := flag.Duration("timeout", 5*time.Second, "how long each hop may take")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: multiversion [--timeout 5s] [soname-or-path ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	libs := flag.Args()
	if len(libs) == 0 {
		libs = loader.Installed()
		if len(libs) == 0 {
			fail(errors.New("no libzmq found on this host; name one or more on the command line"))
		}
	}
	if err := run(libs, *timeout); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "multiversion:", err)
	os.Exit(1)
}

type node struct {
	ctx        *zmqffi.Context
	name       string
	pull, push *zmqffi.Socket
	endpoint   string
}

func run(libs []string, timeout time.Duration) error {
	var nodes []*node
	defer func() {
		for _, n := range nodes {
			_ = n.ctx.Term()
		}
	}()
	for _, lib := range libs {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(lib))
		if err != nil {
			return err
		}
		n := &node{ctx: ctx, name: ctx.Version().String()}
		nodes = append(nodes, n)
		fmt.Printf("context %d: libzmq %s from %s\n", len(nodes), n.name, ctx.LibraryPath())
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
			if err := s.SetRcvTimeout(timeout); err != nil {
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
	// The message carries the version of every context it passed.
	if err := nodes[0].push.SendMultipart([][]byte{[]byte(nodes[0].name)}, 0); err != nil {
		return err
	}
	failed := 0
	for hop := 1; hop <= len(nodes); hop++ {
		n := nodes[hop%len(nodes)]
		from := nodes[hop-1].name
		parts, err := n.pull.RecvMultipart(0)
		if err != nil {
			return fmt.Errorf("hop %d: %s context got nothing from %s context: %w", hop, n.name, from, err)
		}
		got := string(parts[len(parts)-1])
		fmt.Printf("%s context received message from %s context\n", n.name, got)
		if got != from {
			failed++
		}
		if hop < len(nodes) {
			parts = append(parts, []byte(n.name))
			if err := n.push.SendMultipart(parts, 0); err != nil {
				return fmt.Errorf("hop %d: %s context: %w", hop, n.name, err)
			}
		} else {
			var path []string
			for _, p := range parts {
				path = append(path, string(p))
			}
			fmt.Printf("ring complete: %s -> %s\n", strings.Join(path, " -> "), n.name)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d hops delivered the wrong message", failed)
	}
	return nil
}
