// Command monitor watches a socket's life through the socket monitor: a REP
// socket is monitored while a REQ peer connects, talks and leaves, and every
// event is printed as it arrives (LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED on
// libzmq 4.3, DISCONNECTED, CLOSED, MONITOR_STOPPED on 4.x). The monitor needs
// libzmq 3.x or later; on 2.x it says so and exits 1.
//
//	go run ./examples/monitor [--soname libzmq.so.5]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load ("" = the default search)`)
	flag.Parse()
	if err := run(*soname); err != nil {
		fmt.Fprintln(os.Stderr, "monitor:", err)
		os.Exit(1)
	}
}

func run(soname string) error {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer ctx.Term()
	fmt.Printf("libzmq %s\n", ctx.Version())
	rep, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		return err
	}
	m, err := rep.Monitor(zmqffi.EventAll)
	if err != nil {
		return err
	}
	events := m.Events()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range events {
			fmt.Printf("event %-20s value %-5d endpoint %s\n", ev.Event, ev.Value, ev.Endpoint)
		}
	}()
	if err := rep.Bind("tcp://127.0.0.1:*"); err != nil {
		return err
	}
	ep, err := rep.LastEndpoint()
	if err != nil {
		return err
	}
	req, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		return err
	}
	_ = req.SetLinger(0)
	_ = rep.SetRcvTimeout(5 * time.Second)
	_ = req.SetRcvTimeout(5 * time.Second)
	if err := req.Connect(ep); err != nil {
		return err
	}
	if err := req.SendString("ping", 0); err != nil {
		return err
	}
	if _, err := rep.Recv(0); err != nil {
		return err
	}
	if err := rep.SendString("pong", 0); err != nil {
		return err
	}
	if _, err := req.Recv(0); err != nil {
		return err
	}
	_ = req.Close()
	time.Sleep(100 * time.Millisecond) // let DISCONNECTED arrive
	_ = rep.Close()                    // 4.x ends the monitor with MONITOR_STOPPED
	select {
	case <-done:
	case <-time.After(500 * time.Millisecond):
		_ = m.Close() // 3.x has no MONITOR_STOPPED: stop it ourselves
		<-done
	}
	_ = m.Close()
	fmt.Println("ok")
	return nil
}
