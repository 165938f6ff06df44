// Command curve shows CURVE security with a ZAP authenticator, in one
// process: a REP server with its own key pair, a ZAP handler that admits one
// client public key, a REQ client with that key that gets its "Hello"
// answered, and an intruder with a key of its own whose request never
// reaches the server.
//
//	go run ./examples/curve
//	go run ./examples/curve --soname $HOME/zmq/4.1.8/lib/libzmq.so.5
//
// CURVE needs libzmq 4.0 or later built with libsodium (or, from 4.2, its
// bundled tweetnacl). On a library without it the program says so and exits
// 0 without doing anything else. It prints "ok" when everything behaved;
// any error is printed and the exit status is 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	timeout := flag.Duration("timeout", 5*time.Second, "give up on an expected message after this long")
	refusedWait := flag.Duration("refused-wait", 500*time.Millisecond, "how long to watch for the intruder's request")
	flag.Parse()
	if err := run(*soname, *timeout, *refusedWait); err != nil {
		fmt.Fprintln(os.Stderr, "curve:", err)
		os.Exit(1)
	}
}

func run(soname string, timeout, refusedWait time.Duration) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	// Term also stops the ZAP handler and closes the sockets left open.
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()
	fmt.Printf("libzmq %s loaded from %s\n", ctx.Version(), ctx.LibraryPath())
	if has, err := ctx.Has("curve"); err != nil {
		return err
	} else if !has {
		fmt.Printf("libzmq %s has no CURVE (it needs 4.0 or later, built with CURVE support); nothing to show\n", ctx.Version())
		return nil
	}

	serverPub, serverSec, err := ctx.NewCurveKeypair()
	if err != nil {
		return err
	}
	clientPub, clientSec, err := ctx.NewCurveKeypair()
	if err != nil {
		return err
	}
	fmt.Printf("server public key %s\n", serverPub)
	fmt.Printf("client public key %s\n", clientPub)

	// The ZAP handler answers for every server socket of this context.
	auth, err := ctx.StartAuth()
	if err != nil {
		return err
	}
	if err := auth.AllowCurve(zmqffi.AnyDomain, clientPub); err != nil {
		return err
	}
	fmt.Println("ZAP handler started; it admits the client's key only")

	server, err := newSocket(ctx, zmqffi.REP)
	if err != nil {
		return err
	}
	if err := server.SetCurveServer(true); err != nil {
		return fmt.Errorf("server CURVE_SERVER: %w", err)
	}
	if err := server.SetCurveSecretKey(serverSec); err != nil {
		return fmt.Errorf("server CURVE_SECRETKEY: %w", err)
	}
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		return fmt.Errorf("server bind: %w", err)
	}
	endpoint, err := server.LastEndpoint()
	if err != nil {
		return err
	}
	fmt.Printf("CURVE server bound to %s\n", endpoint)

	client, err := curveClient(ctx, endpoint, serverPub, clientPub, clientSec)
	if err != nil {
		return err
	}
	if err := client.SendString("Hello", 0); err != nil {
		return fmt.Errorf("client send: %w", err)
	}
	if err := server.SetRcvTimeout(timeout); err != nil {
		return err
	}
	request, err := server.RecvString(0)
	if err != nil {
		return fmt.Errorf("server receive: %w", err)
	}
	m, err := server.Mechanism()
	if err != nil {
		return err
	}
	fmt.Printf("server received %q over %s\n", request, m)
	if err := server.SendString("World", 0); err != nil {
		return fmt.Errorf("server send: %w", err)
	}
	if err := client.SetRcvTimeout(timeout); err != nil {
		return err
	}
	reply, err := client.RecvString(0)
	if err != nil {
		return fmt.Errorf("client receive: %w", err)
	}
	fmt.Printf("client received %q\n", reply)

	// An intruder knows the server's public key but has a key pair of its
	// own, which the ZAP handler refuses: its request never arrives.
	intruderPub, intruderSec, err := ctx.NewCurveKeypair()
	if err != nil {
		return err
	}
	intruder, err := curveClient(ctx, endpoint, serverPub, intruderPub, intruderSec)
	if err != nil {
		return err
	}
	if err := intruder.SendString("Let me in", 0); err != nil {
		return fmt.Errorf("intruder send: %w", err)
	}
	if err := server.SetRcvTimeout(refusedWait); err != nil {
		return err
	}
	got, err := server.RecvString(0)
	if !errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("the intruder's request should have been refused; the server got %q, %v", got, err)
	}
	fmt.Printf("intruder with key %s refused: nothing arrived in %v\n", intruderPub, refusedWait)

	if err := auth.Stop(); err != nil {
		return err
	}
	if err := ctx.Term(); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

// newSocket creates a socket with linger 0: nothing queued here is worth
// waiting for at exit (the intruder's request would wait forever).
func newSocket(ctx *zmqffi.Context, t zmqffi.SocketType) (*zmqffi.Socket, error) {
	s, err := ctx.Socket(t)
	if err != nil {
		return nil, fmt.Errorf("%s socket: %w", t, err)
	}
	if err := s.SetLinger(0); err != nil {
		return nil, fmt.Errorf("%s linger: %w", t, err)
	}
	return s, nil
}

// curveClient connects a REQ socket to a CURVE server with the server's
// public key and the client's own key pair.
func curveClient(ctx *zmqffi.Context, endpoint, serverPub, pub, sec string) (*zmqffi.Socket, error) {
	s, err := newSocket(ctx, zmqffi.REQ)
	if err != nil {
		return nil, err
	}
	if err := s.SetCurveServerKey(serverPub); err != nil {
		return nil, fmt.Errorf("client CURVE_SERVERKEY: %w", err)
	}
	if err := s.SetCurvePublicKey(pub); err != nil {
		return nil, fmt.Errorf("client CURVE_PUBLICKEY: %w", err)
	}
	if err := s.SetCurveSecretKey(sec); err != nil {
		return nil, fmt.Errorf("client CURVE_SECRETKEY: %w", err)
	}
	if err := s.Connect(endpoint); err != nil {
		return nil, fmt.Errorf("client connect %s: %w", endpoint, err)
	}
	return s, nil
}
