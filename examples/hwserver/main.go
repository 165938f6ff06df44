// Command hwserver is the zguide's Hello World server (chapter 1, "Ask and Ye
// Shall Receive"): a REP socket bound to tcp://*:5555 that answers every
// request with "World", after pretending to work for a second.
//
// Run it, then hwclient in another terminal:
//
//	go run ./examples/hwserver
//	go run ./examples/hwclient
//
// Flags make it usable in tests: --endpoint chooses where to bind, --count
// stops after that many requests (0, the default, serves forever) and --work
// sets the pretend work per request (--work 0 answers at once).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	endpoint := flag.String("endpoint", "tcp://*:5555", "endpoint to bind the REP socket to")
	count := flag.Int("count", 0, "requests to serve before exiting (0 = forever)")
	work := flag.Duration("work", time.Second, "pretend work per request")
	flag.Parse()
	if err := run(*soname, *endpoint, *count, *work); err != nil {
		fmt.Fprintln(os.Stderr, "hwserver:", err)
		os.Exit(1)
	}
}

func run(soname, endpoint string, count int, work time.Duration) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	// Term closes the socket too; the last reply is still delivered, since
	// libzmq's default linger waits for it.
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	// Socket to talk to clients.
	responder, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		return err
	}
	if err := responder.Bind(endpoint); err != nil {
		return fmt.Errorf("bind %s: %w", endpoint, err)
	}

	for served := 0; count == 0 || served < count; served++ {
		request, err := responder.RecvString(0)
		if err != nil {
			return err
		}
		fmt.Printf("Received request: [%s]\n", request)
		time.Sleep(work) // Do some 'work'.
		if err := responder.SendString("World", 0); err != nil {
			return err
		}
	}
	return responder.Close()
}
