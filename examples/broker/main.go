// Command broker shows a Channel: a ROUTER socket whose requests arrive on a
// Go channel and whose replies are sent from one, so that one select serves
// them and a ticker. Clients (DEALER sockets on goroutines of the same
// process) send numbered requests; the broker answers each and, at every
// tick, reports how many it has answered. It stops the Channel at the end and
// receives on the socket again, to show that the socket is its own then.
//
//	go run ./examples/broker
//	go run ./examples/broker --clients=5 --requests=200 --soname libzmq.so.5
//
// It prints "ok" when every request was answered; any error is printed and
// the exit status is 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	clients := flag.Int("clients", 3, "number of clients")
	requests := flag.Int("requests", 100, "requests per client")
	tick := flag.Duration("tick", 20*time.Millisecond, "how often the broker reports")
	pace := flag.Duration("pace", time.Millisecond, "how long each client waits between requests")
	flag.Parse()
	if err := run(*soname, *clients, *requests, *tick, *pace); err != nil {
		fmt.Fprintln(os.Stderr, "broker:", err)
		os.Exit(1)
	}
}

func run(soname string, clients, requests int, tick, pace time.Duration) (err error) {
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
	router, err := ctx.Socket(zmqffi.ROUTER)
	if err != nil {
		return err
	}
	endpoint := "tcp://127.0.0.1:*"
	if ctx.Version().Major < 3 {
		endpoint = "inproc://broker" // 2.x picks no port for "*"
	}
	if err := router.Bind(endpoint); err != nil {
		return err
	}
	if ctx.Version().Major >= 3 {
		if endpoint, err = router.LastEndpoint(); err != nil {
			return err
		}
	}
	fmt.Printf("broker: ROUTER bound to %s\n", endpoint)

	replies := make(chan [][]byte)
	ch, err := router.StartChannel(context.Background(), replies)
	if err != nil {
		return err
	}

	var wg sync.WaitGroup
	clientErr := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clientErr <- client(ctx, endpoint, c, requests, pace)
		}()
	}

	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	total, answered, ticks := clients*requests, 0, 0
	peers := map[string]bool{}
	for answered < total {
		select {
		case req, ok := <-ch.Recv():
			if !ok {
				return fmt.Errorf("the Channel ended: %v", ch.Err())
			}
			// A ROUTER message: the client's routing id, then its request.
			peers[string(req[0])] = true
			reply := [][]byte{req[0], []byte("re: " + string(req[len(req)-1]))}
			select {
			case replies <- reply:
				answered++
			case e := <-ch.Errors():
				return e
			}
		case e := <-ch.Errors():
			return e
		case <-ticker.C:
			ticks++
			fmt.Printf("tick %d: %d of %d requests answered\n", ticks, answered, total)
		case err := <-clientErr:
			if err != nil {
				return err
			}
		}
	}
	wg.Wait()
	close(clientErr)
	for err := range clientErr {
		if err != nil {
			return err
		}
	}
	fmt.Printf("answered %d requests from %d clients\n", answered, len(peers))

	// Stopped, the Channel gives back a message it had taken: the socket
	// receives it next. Here there is none, and the socket is ours again.
	if err := ch.Stop(); err != nil {
		return err
	}
	if _, err := router.Recv(zmqffi.DontWait); !errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("after Stop: want EAGAIN, got %v", err)
	}
	fmt.Println("Channel stopped; the socket receives directly again")
	fmt.Println("ok")
	return nil
}

// client sends its requests one after another and checks each reply.
func client(ctx *zmqffi.Context, endpoint string, id, requests int, pace time.Duration) error {
	s, err := ctx.Socket(zmqffi.DEALER)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetRcvTimeout(10 * time.Second); err != nil {
		return err
	}
	if err := s.Connect(endpoint); err != nil {
		return err
	}
	for i := 0; i < requests; i++ {
		req := fmt.Sprintf("client %d request %d", id, i)
		if err := s.SendString(req, 0); err != nil {
			return err
		}
		rep, err := s.RecvString(0)
		if err != nil {
			return fmt.Errorf("client %d: %w", id, err)
		}
		if !strings.HasSuffix(rep, req) {
			return fmt.Errorf("client %d: reply %q to %q", id, rep, req)
		}
		time.Sleep(pace)
	}
	return nil
}
