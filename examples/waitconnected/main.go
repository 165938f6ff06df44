// Command waitconnected shows ConnState: a REQ client connects to a server
// that is not there yet, waits until it is connected (on libzmq 4.3+: until
// the ZMTP handshake succeeded) and only then sends its first request, so
// that no request waits in a queue for a peer that may never come. The
// server, in the same process, binds after a delay.
//
//	go run ./examples/waitconnected
//	go run ./examples/waitconnected --endpoint ipc:///tmp/wc.sock --delay 1s
//
// libzmq 2.x has no socket monitor and cannot tell: the program says so and
// sends at once. It prints "ok" at the end; any error is printed and the
// exit status is 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	endpoint := flag.String("endpoint", "", `endpoint the server binds ("" = an ipc endpoint in the temporary directory)`)
	delay := flag.Duration("delay", 300*time.Millisecond, "how long the server waits before it binds")
	timeout := flag.Duration("timeout", 10*time.Second, "how long the client waits to be connected")
	flag.Parse()
	if *endpoint == "" {
		*endpoint = "ipc://" + filepath.Join(os.TempDir(), fmt.Sprintf("zmqffi-waitconnected-%d", os.Getpid()))
	}
	if err := run(*soname, *endpoint, *delay, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "waitconnected:", err)
		os.Exit(1)
	}
}

func run(soname, endpoint string, delay, timeout time.Duration) (err error) {
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

	client, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		return err
	}
	if err := client.SetRcvTimeout(timeout); err != nil {
		return err
	}
	// Watch before connecting: libzmq reports a connection once.
	conns, err := client.WatchConnections()
	switch {
	case errors.Is(err, zmqffi.ErrNotSupported):
		fmt.Printf("libzmq %s cannot tell when a socket is connected: %v\n", ctx.Version(), err)
	case err != nil:
		return err
	default:
		defer conns.Close()
	}
	if err := client.Connect(endpoint); err != nil {
		return err
	}
	fmt.Printf("client: connecting to %s\n", endpoint)

	serverErr := make(chan error, 1)
	go func() { serverErr <- serve(ctx, endpoint, delay) }()

	start := time.Now()
	if conns != nil {
		wctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := conns.WaitConnected(wctx); err != nil {
			return fmt.Errorf("waiting to be connected: %w", err)
		}
		elapsed := time.Since(start)
		if elapsed < delay {
			return fmt.Errorf("connected after %v, before the server bound (after %v)", elapsed, delay)
		}
		fmt.Printf("client: connected after the server bound, to %v\n", conns.Peers())
	}
	if err := client.SendString("first request", 0); err != nil {
		return err
	}
	rep, err := client.RecvString(0)
	if err != nil {
		return err
	}
	fmt.Printf("client: received %q\n", rep)
	if err := <-serverErr; err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

// serve binds a REP socket after delay and answers one request.
func serve(ctx *zmqffi.Context, endpoint string, delay time.Duration) error {
	time.Sleep(delay)
	s, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Bind(endpoint); err != nil {
		return err
	}
	fmt.Printf("server: bound to %s\n", endpoint)
	if err := s.SetRcvTimeout(10 * time.Second); err != nil {
		return err
	}
	req, err := s.RecvString(0)
	if err != nil {
		return err
	}
	return s.SendString("reply to "+req, 0)
}
