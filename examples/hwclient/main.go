// Command hwclient is the zguide's Hello World client (chapter 1, "Ask and Ye
// Shall Receive"): a REQ socket connected to tcp://localhost:5555 that sends
// "Hello" ten times and waits for each "World".
//
// Start it before or after hwserver; ZeroMQ connects when the server is there:
//
//	go run ./examples/hwserver
//	go run ./examples/hwclient
//
// --endpoint chooses where to connect and --count how many requests to make.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	endpoint := flag.String("endpoint", "tcp://localhost:5555", "endpoint of the Hello World server")
	count := flag.Int("count", 10, "requests to send")
	flag.Parse()
	if err := run(*soname, *endpoint, *count); err != nil {
		fmt.Fprintln(os.Stderr, "hwclient:", err)
		os.Exit(1)
	}
}

func run(soname, endpoint string, count int) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	fmt.Println("Connecting to hello world server...")
	requester, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		return err
	}
	if err := requester.Connect(endpoint); err != nil {
		return fmt.Errorf("connect %s: %w", endpoint, err)
	}

	for n := range count {
		fmt.Printf("Sending Hello %d...\n", n)
		if err := requester.SendString("Hello", 0); err != nil {
			return err
		}
		reply, err := requester.RecvString(0)
		if err != nil {
			return err
		}
		fmt.Printf("Received %s %d\n", reply, n)
	}
	return requester.Close()
}
