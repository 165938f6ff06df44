package zmqffi_test

import (
	"fmt"
	"log"
	"time"

	"github.com/zmqffi/zmqffi"
)

// A Monitor reports what happens to a socket's connections: here a server
// sees its bind, a client's connection, and the client leaving.
func ExampleSocket_Monitor() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	server, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		log.Fatal(err)
	}
	// Start monitoring before Bind, so that no event is missed.
	mon, err := server.Monitor(zmqffi.EventListening | zmqffi.EventAccepted | zmqffi.EventDisconnected)
	if err != nil {
		log.Fatal(err) // ErrNotSupported on libzmq 2.x
	}
	defer mon.Close()
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, err := server.LastEndpoint()
	if err != nil {
		log.Fatal(err)
	}

	client, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Connect(endpoint); err != nil {
		log.Fatal(err)
	}
	next := func() zmqffi.MonitorEvent {
		ev, err := mon.Recv(5 * time.Second)
		if err != nil {
			log.Fatal(err)
		}
		return ev
	}
	listening := next()
	fmt.Println(listening.Event, "on the bound endpoint:", listening.Endpoint == endpoint)
	fmt.Println(next().Event)

	if err := client.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(next().Event)
	// Output:
	// LISTENING on the bound endpoint: true
	// ACCEPTED
	// DISCONNECTED
}

// MonitorTo sends a socket's events to an endpoint the caller chooses; a PAIR
// socket connected to it reads them with RecvMonitorEvent, here next to other
// sockets that one goroutine serves.
func ExampleSocket_MonitorTo() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	server, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		log.Fatal(err)
	}
	if err := server.MonitorTo("inproc://server-events", zmqffi.EventListening); err != nil {
		log.Fatal(err) // ErrNotSupported on libzmq 2.x
	}
	events, err := ctx.Socket(zmqffi.PAIR)
	if err != nil {
		log.Fatal(err)
	}
	if err := events.Connect("inproc://server-events"); err != nil {
		log.Fatal(err)
	}
	if err := events.SetRcvTimeout(5 * time.Second); err != nil {
		log.Fatal(err)
	}
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	ev, err := events.RecvMonitorEvent(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Event)
	// Output:
	// LISTENING
}
