// Command hello is the zmqffi demo in one process: it loads libzmq, says
// which one, and has a REQ socket and a REP socket exchange "Hello" and
// "World" over tcp on the loopback, as the zguide's first example does
// across two processes (see hwserver and hwclient).
//
//	go run ./examples/hello
//	go run ./examples/hello --soname libzmq.so.3
//	go run ./examples/hello --soname $HOME/zmq/2.2.0/lib/libzmq.so.1
//
// The REP socket binds "tcp://127.0.0.1:*", letting the system pick a free
// port, and reads it back with LastEndpoint. libzmq 2.x cannot report that
// port (LastEndpoint fails with an error matching zmqffi.ErrNotSupported) and
// rejects the "*", so there the pair talks over an inproc endpoint instead.
//
// It exits 0 and prints "ok" when the exchange worked; any error is printed
// and the exit status is 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	timeout := flag.Duration("timeout", 5*time.Second, "give up on a receive after this long (negative = wait forever)")
	flag.Parse()
	if err := run(*soname, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func run(soname string, timeout time.Duration) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	// On an early return, Term closes whatever sockets are still open. The
	// normal path calls Term itself below; a second call just repeats the
	// first one's result.
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()
	fmt.Printf("libzmq %s loaded from %s\n", ctx.Version(), ctx.LibraryPath())

	rep, err := newSocket(ctx, zmqffi.REP, timeout)
	if err != nil {
		return err
	}
	endpoint, err := bindAnywhere(ctx, rep)
	if err != nil {
		return err
	}
	fmt.Printf("%s socket bound to %s\n", rep.Type(), endpoint)

	req, err := newSocket(ctx, zmqffi.REQ, timeout)
	if err != nil {
		return err
	}
	if err := req.Connect(endpoint); err != nil {
		return fmt.Errorf("%s connect %s: %w", req.Type(), endpoint, err)
	}
	fmt.Printf("%s socket connected to %s\n", req.Type(), endpoint)

	// The REQ-REP pair is in lockstep: REQ sends then receives, REP receives
	// then sends.
	if err := req.SendString("Hello", 0); err != nil {
		return fmt.Errorf("%s send: %w", req.Type(), err)
	}
	fmt.Printf("%s sent %q\n", req.Type(), "Hello")
	request, err := rep.RecvString(0)
	if err != nil {
		return fmt.Errorf("%s receive: %w", rep.Type(), err)
	}
	fmt.Printf("%s received %q\n", rep.Type(), request)
	if err := rep.SendString("World", 0); err != nil {
		return fmt.Errorf("%s send: %w", rep.Type(), err)
	}
	fmt.Printf("%s sent %q\n", rep.Type(), "World")
	reply, err := req.RecvString(0)
	if err != nil {
		return fmt.Errorf("%s receive: %w", req.Type(), err)
	}
	fmt.Printf("%s received %q\n", req.Type(), reply)
	if request != "Hello" || reply != "World" {
		return fmt.Errorf("expected Hello/World, got %q/%q", request, reply)
	}

	// Close the sockets, then terminate the context.
	if err := req.Close(); err != nil {
		return err
	}
	if err := rep.Close(); err != nil {
		return err
	}
	if err := ctx.Term(); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

// newSocket creates a socket with a short linger, as the zguide advises for
// a clean exit, so that Term never waits long for a message nobody will take,
// and with the receive timeout, so that a broken setup ends in an error
// rather than a hang.
func newSocket(ctx *zmqffi.Context, t zmqffi.SocketType, timeout time.Duration) (*zmqffi.Socket, error) {
	s, err := ctx.Socket(t)
	if err != nil {
		return nil, fmt.Errorf("%s socket: %w", t, err)
	}
	if err := s.SetLinger(time.Second); err != nil {
		return nil, fmt.Errorf("%s linger: %w", t, err)
	}
	if err := s.SetRcvTimeout(timeout); err != nil && !errors.Is(err, zmqffi.ErrNotSupported) {
		return nil, fmt.Errorf("%s receive timeout: %w", t, err)
	}
	return s, nil
}

// bindAnywhere binds s to a free tcp port on the loopback and returns the
// endpoint to connect to. Where the loaded libzmq cannot tell which port it
// would pick (2.x has no ZMQ_LAST_ENDPOINT, and rejects "*" as a port too),
// it binds an inproc endpoint instead: inproc works within one context,
// which is all this demo needs.
func bindAnywhere(ctx *zmqffi.Context, s *zmqffi.Socket) (string, error) {
	// Ask before binding: an unbound socket reports an empty last endpoint,
	// or ErrNotSupported if the option does not exist in this version.
	if _, err := s.LastEndpoint(); err != nil {
		if !errors.Is(err, zmqffi.ErrNotSupported) {
			return "", fmt.Errorf("%s last endpoint: %w", s.Type(), err)
		}
		fmt.Printf("libzmq %s cannot report a port it picks (%v); using inproc instead\n", ctx.Version(), err)
		const inproc = "inproc://hello"
		if err := s.Bind(inproc); err != nil {
			return "", fmt.Errorf("%s bind %s: %w", s.Type(), inproc, err)
		}
		return inproc, nil
	}
	const wildcard = "tcp://127.0.0.1:*"
	if err := s.Bind(wildcard); err != nil {
		return "", fmt.Errorf("%s bind %s: %w", s.Type(), wildcard, err)
	}
	endpoint, err := s.LastEndpoint()
	if err != nil {
		return "", fmt.Errorf("%s last endpoint: %w", s.Type(), err)
	}
	return endpoint, nil
}
