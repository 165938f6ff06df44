// Command exitprog is the helper of TestExit (exit_test.go): a program that
// leaves libzmq state behind when main returns, or closes it and waits for its
// queued messages to be delivered.
//
//	exitprog forget SONAME           open sockets, block a receive, return from main
//	exitprog linger SONAME ENDPOINT N  queue N messages to ENDPOINT, Close, Term, return
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	if len(os.Args) < 3 {
		fail(fmt.Errorf("usage: exitprog forget|linger SONAME [ENDPOINT N]"))
	}
	switch os.Args[1] {
	case "forget":
		forget(os.Args[2])
	case "linger":
		if len(os.Args) != 5 {
			fail(fmt.Errorf("usage: exitprog linger SONAME ENDPOINT N"))
		}
		n, err := strconv.Atoi(os.Args[4])
		if err != nil {
			fail(err)
		}
		linger(os.Args[2], os.Args[3], n)
	default:
		fail(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "exitprog:", err)
	os.Exit(2)
}

func check(err error) {
	if err != nil {
		fail(err)
	}
}

// forget leaves everything open: a context with sockets (one with queued
// messages that can never be delivered and an infinite linger, one with a
// goroutine waiting in a receive), and a second context that is unreachable
// and collected, whose cleanup then terminates it on its own goroutine while
// main returns.
func forget(soname string) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	check(err)
	pull, err := ctx.Socket(zmqffi.PULL)
	check(err)
	check(pull.Bind("inproc://exitprog"))
	push, err := ctx.Socket(zmqffi.PUSH)
	check(err)
	check(push.Connect("tcp://127.0.0.1:1")) // nothing listens there
	for i := 0; i < 100; i++ {
		check(push.SendString("never delivered", zmqffi.DontWait))
	}
	started := make(chan struct{})
	go func() {
		close(started)
		_, _ = pull.Recv(0) // waits until the process exits
	}()
	<-started
	forgotten(soname)
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main returns")
}

// forgotten makes a context with a lingering socket and drops it.
func forgotten(soname string) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	check(err)
	s, err := ctx.Socket(zmqffi.PUSH)
	check(err)
	check(s.Connect("tcp://127.0.0.1:1"))
	check(s.SendString("never delivered either", zmqffi.DontWait))
}

// linger queues n numbered messages on a PUSH connected to endpoint, where
// nothing listens yet, then closes the socket and terminates the context with
// libzmq's default linger (forever): Term returns once the test has started a
// PULL there and received every message.
func linger(soname, endpoint string, n int) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	check(err)
	push, err := ctx.Socket(zmqffi.PUSH)
	check(err)
	check(push.Connect(endpoint))
	for i := 0; i < n; i++ {
		check(push.SendString(strconv.Itoa(i), zmqffi.DontWait))
	}
	check(push.Close())
	fmt.Println("queued", n)
	start := time.Now()
	check(ctx.Term())
	fmt.Println("terminated after", time.Since(start).Round(time.Millisecond))
}
