package zmqffi_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zmqffi/zmqffi"
)

// The examples load the default libzmq (libzmq.so.5 first, see
// loader.DefaultNames) and use features of libzmq 3.x and 4.x: tcp ports
// chosen by libzmq ("tcp://127.0.0.1:*" and LastEndpoint), XPUB, the socket
// monitor, CURVE and ZAP.

// A REQ socket and a REP socket exchange "Hello" and "World" over tcp on the
// loopback, on a port that libzmq picks.
func Example() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term() // closes any socket still open

	rep, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		log.Fatal(err)
	}
	if err := rep.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, err := rep.LastEndpoint() // "tcp://127.0.0.1:41234"
	if err != nil {
		log.Fatal(err)
	}

	req, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		log.Fatal(err)
	}
	if err := req.Connect(endpoint); err != nil {
		log.Fatal(err)
	}

	if err := req.SendString("Hello", 0); err != nil {
		log.Fatal(err)
	}
	request, err := rep.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("REP received", request)
	if err := rep.SendString("World", 0); err != nil {
		log.Fatal(err)
	}
	reply, err := req.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("REQ received", reply)
	// Output:
	// REP received Hello
	// REQ received World
}

// NewContext without options loads the first libzmq the default search finds
// and says which one it is.
func ExampleNewContext() {
	ctx, err := zmqffi.NewContext(zmqffi.WithIOThreads(2))
	if err != nil {
		log.Fatal(err) // the error names every place searched
	}
	defer ctx.Term()

	v := ctx.Version()        // 4.3.4, say
	path := ctx.LibraryPath() // /usr/lib/x86_64-linux-gnu/libzmq.so.5.2.4, say
	fmt.Println("a libzmq this binding serves:", v.Major >= 2 && v.Major <= 4)
	fmt.Println("loaded from an absolute path:", filepath.IsAbs(path))
	// Output:
	// a libzmq this binding serves: true
	// loaded from an absolute path: true
}

// WithSoname chooses the library: a soname such as "libzmq.so.5", a file name
// searched like the dynamic linker does, or a path. Each file is mapped once
// and shared by every context on it, under whatever name it was asked for.
func ExampleWithSoname() {
	first, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer first.Term()

	// The same library again, by its absolute path.
	second, err := zmqffi.NewContext(zmqffi.WithSoname(first.LibraryPath()))
	if err != nil {
		log.Fatal(err)
	}
	defer second.Term()
	fmt.Println("same file:", second.LibraryPath() == first.LibraryPath())
	fmt.Println("same version:", second.Version() == first.Version())

	// A library that is not there: the error names what was asked for and
	// every place searched.
	_, err = zmqffi.NewContext(zmqffi.WithSoname("libzmq-not-installed.so.9"))
	var notFound *zmqffi.LibraryNotFoundError
	if errors.As(err, &notFound) {
		fmt.Printf("%s not found; searched: %v\n", notFound.Name, len(notFound.Searched) > 0)
	}
	// Output:
	// same file: true
	// same version: true
	// libzmq-not-installed.so.9 not found; searched: true
}

// A SUB socket that connects late misses what was published before its
// subscription reached the publisher (the "slow joiner"). An XPUB publisher
// sees each subscription arrive as a message (byte 1, then the prefix), so it
// can wait for its subscriber before publishing instead of guessing a delay.
func Example_pubSub() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	pub, err := ctx.Socket(zmqffi.XPUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := pub.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, err := pub.LastEndpoint()
	if err != nil {
		log.Fatal(err)
	}

	sub, err := ctx.Socket(zmqffi.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := sub.Subscribe("weather."); err != nil {
		log.Fatal(err)
	}
	if err := sub.Connect(endpoint); err != nil {
		log.Fatal(err)
	}

	// Wait, at most 5 s, for the subscription to arrive.
	if err := pub.SetRcvTimeout(5 * time.Second); err != nil {
		log.Fatal(err)
	}
	subscription, err := pub.Recv(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("subscribed: %v, prefix %q\n", subscription[0] == 1, subscription[1:])

	for _, update := range []string{"traffic.A1 jammed", "weather.Oslo 3C", "weather.Rome 18C"} {
		if err := pub.SendString(update, 0); err != nil {
			log.Fatal(err)
		}
	}
	// Only the updates that match the prefix arrive.
	for range 2 {
		update, err := sub.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(update)
	}
	// Output:
	// subscribed: true, prefix "weather."
	// weather.Oslo 3C
	// weather.Rome 18C
}

// A Poller waits on several sockets at once (from any contexts and
// libraries, and plain file descriptors too) and reports the ready ones.
func ExamplePoller() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	poller := zmqffi.NewPoller()
	var pulls []*zmqffi.Socket
	for _, name := range []string{"inproc://jobs", "inproc://alerts"} {
		pull, err := ctx.Socket(zmqffi.PULL)
		if err != nil {
			log.Fatal(err)
		}
		if err := pull.Bind(name); err != nil {
			log.Fatal(err)
		}
		if err := poller.Add(pull, zmqffi.PollIn); err != nil {
			log.Fatal(err)
		}
		pulls = append(pulls, pull)

		push, err := ctx.Socket(zmqffi.PUSH)
		if err != nil {
			log.Fatal(err)
		}
		if err := push.Connect(name); err != nil {
			log.Fatal(err)
		}
		if err := push.SendString("message for "+name, 0); err != nil {
			log.Fatal(err)
		}
	}

	var got []string
	for len(got) < len(pulls) {
		ready, err := poller.Poll(5 * time.Second)
		if err != nil {
			log.Fatal(err)
		}
		if len(ready) == 0 {
			log.Fatal("nothing arrived in 5 s")
		}
		for _, it := range ready {
			// Poll reported PollIn: the receive does not wait.
			msg, err := it.Socket.RecvString(zmqffi.DontWait)
			if err != nil {
				log.Fatal(err)
			}
			got = append(got, msg)
		}
	}
	slices.Sort(got)
	fmt.Println(strings.Join(got, "\n"))
	// Output:
	// message for inproc://alerts
	// message for inproc://jobs
}

// RecvContext gives up when its context.Context is done, here at a deadline,
// and leaves the socket usable: nothing is lost, and a later receive gets the
// next message.
func ExampleSocket_RecvContext() {
	zctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()

	pull, err := zctx.Socket(zmqffi.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := pull.Bind("inproc://work"); err != nil {
		log.Fatal(err)
	}
	push, err := zctx.Socket(zmqffi.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := push.Connect("inproc://work"); err != nil {
		log.Fatal(err)
	}

	// Nothing was sent yet: the receive ends at the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = pull.RecvContext(ctx, 0)
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))

	if err := push.SendString("job 1", 0); err != nil {
		log.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msg, err := pull.RecvContext(ctx, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("received %q\n", msg)
	// Output:
	// deadline exceeded: true
	// received "job 1"
}

// TermContext bounds how long termination waits for lingering messages: this
// PUSH socket queues a message for a peer that never comes, which would make
// Term wait forever with libzmq's default linger.
func ExampleContext_TermContext() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	push, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := push.Connect("tcp://127.0.0.1:1"); err != nil {
		log.Fatal(err)
	}
	if err := push.SendString("never delivered", zmqffi.DontWait); err != nil {
		log.Fatal(err)
	}

	deadline, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = ctx.TermContext(deadline)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// true
}
