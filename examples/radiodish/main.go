// Command radiodish shows the draft RADIO/DISH sockets: a DISH joins the
// "weather" group and receives only what a RADIO publishes to it. Draft
// sockets exist only in libzmq builds configured with --enable-drafts; with
// another build it says so and exits 0 (that is not an error of the example).
//
//	go run ./examples/radiodish [--soname /path/to/draft/libzmq.so.5]
package main

import (
	"errors"
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
		fmt.Fprintln(os.Stderr, "radiodish:", err)
		os.Exit(1)
	}
}

func run(soname string) error {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer ctx.Term()
	radio, err := ctx.Socket(zmqffi.RADIO)
	if errors.Is(err, zmqffi.ErrNotSupported) {
		fmt.Println("no draft sockets here:", err)
		return nil
	} else if err != nil {
		return err
	}
	dish, err := ctx.Socket(zmqffi.DISH)
	if err != nil {
		return err
	}
	for _, s := range []*zmqffi.Socket{radio, dish} {
		_ = s.SetLinger(0)
		_ = s.SetRcvTimeout(5 * time.Second)
	}
	if err := radio.Bind("inproc://radio"); err != nil {
		return err
	}
	if err := dish.Connect("inproc://radio"); err != nil {
		return err
	}
	if err := dish.Join("weather"); err != nil {
		return err
	}
	_ = radio.SendGroup("sports", []byte("3-1"), 0)
	if err := radio.SendGroup("weather", []byte("sunny"), 0); err != nil {
		return err
	}
	m, err := dish.RecvDraft(0)
	if err != nil {
		return err
	}
	fmt.Printf("libzmq %s: DISH received %q in group %q\n", ctx.Version(), m.Data, m.Group)
	fmt.Println("ok")
	return nil
}
