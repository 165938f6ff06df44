package zmqffi_test

import (
	"errors"
	"fmt"
	"log"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

// A ROUTER with ZMQ_ROUTER_MANDATORY reports a message for a peer it does not
// know instead of dropping it; the typed setters take Go values.
func ExampleSocket_SetRouterMandatory() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	router, err := ctx.Socket(zmqffi.ROUTER)
	if err != nil {
		log.Fatal(err)
	}
	if err := router.SetRouterMandatory(true); err != nil {
		log.Fatal(err)
	}
	if err := router.SetReconnectIvl(250 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	ivl, err := router.ReconnectIvl()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("reconnect interval", ivl)
	err = router.SendMultipart([][]byte{[]byte("nobody"), []byte("hello")}, zmqffi.DontWait)
	fmt.Println("unroutable:", errors.Is(err, syscall.EHOSTUNREACH))
	// Output:
	// reconnect interval 250ms
	// unroutable: true
}

// Options by their libzmq names, with plain Go values, as pyzmq's
// setsockopt and getsockopt take them.
func ExampleSocket_SetOption() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	sock, err := ctx.Socket(zmqffi.DEALER)
	if err != nil {
		log.Fatal(err)
	}
	if err := sock.SetOption("ZMQ_RCVHWM", 5000); err != nil {
		log.Fatal(err)
	}
	if err := sock.SetOption("LINGER", 0); err != nil { // milliseconds, libzmq's unit
		log.Fatal(err)
	}
	hwm, _ := sock.Option("RCVHWM")
	linger, _ := sock.Option("LINGER")
	fmt.Printf("%v %v\n", hwm, linger)

	err = sock.SetOption("LINGER", "forever")
	fmt.Println(errors.Is(err, zmqffi.ErrOptionType))
	err = sock.SetOption("NO_SUCH_OPTION", 1)
	fmt.Println(errors.Is(err, zmqffi.ErrUnknownOption))
	// Output:
	// 5000 0s
	// true
	// true
}

// Context options, typed and by name.
func ExampleContext_SetIPv6() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	if err := ctx.SetIPv6(true); err != nil {
		log.Fatal(err)
	}
	if err := ctx.SetOption("MAX_SOCKETS", 2048); err != nil {
		log.Fatal(err)
	}
	ipv6, _ := ctx.IPv6()
	max, _ := ctx.MaxSockets()
	fmt.Println(ipv6, max)
	// Output: true 2048
}
