// Command proxy runs a steerable proxy between a frontend and a backend and
// steers it: requests flow through, stop while it is paused, flow again after
// Resume, and Terminate ends it. Statistics are printed on libzmq 4.3+. On
// libzmq 2.x/3.x, which cannot steer a proxy, it shows the plain proxy and
// ends it by terminating the context.
//
//	go run ./examples/proxy [--soname libzmq.so.5]
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load ("" = the default search)`)
	flag.Parse()
	if err := run(*soname); err != nil {
		fmt.Fprintln(os.Stderr, "proxy:", err)
		os.Exit(1)
	}
}

func socket(ctx *zmqffi.Context, t zmqffi.SocketType, ep string, bind bool) (*zmqffi.Socket, error) {
	s, err := ctx.Socket(t)
	if err != nil {
		return nil, err
	}
	_ = s.SetLinger(0)
	_ = s.SetRcvTimeout(5 * time.Second)
	if bind {
		err = s.Bind(ep)
	} else {
		err = s.Connect(ep)
	}
	return s, err
}

func run(soname string) error {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	terminated := false
	defer func() {
		if !terminated {
			_ = ctx.Term()
		}
	}()
	fmt.Printf("libzmq %s\n", ctx.Version())
	front, err := socket(ctx, zmqffi.PULL, "inproc://front", true)
	if err != nil {
		return err
	}
	back, err := socket(ctx, zmqffi.PUSH, "inproc://back", true)
	if err != nil {
		return err
	}
	client, err := socket(ctx, zmqffi.PUSH, "inproc://front", false)
	if err != nil {
		return err
	}
	worker, err := socket(ctx, zmqffi.PULL, "inproc://back", false)
	if err != nil {
		return err
	}
	p, err := zmqffi.NewProxy(front, back, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	ended := make(chan error, 1)
	go func() { ended <- p.Run() }()

	pass := func(msg string) error {
		if err := client.SendString(msg, 0); err != nil {
			return err
		}
		got, err := worker.RecvString(0)
		if err != nil {
			return err
		}
		fmt.Printf("worker got %q through the proxy\n", got)
		return nil
	}
	if err := pass("first"); err != nil {
		return err
	}
	if err := p.Pause(); errors.Is(err, zmqffi.ErrNotSupported) {
		fmt.Println("this libzmq cannot steer a proxy:", err)
		terminated = true
		_ = ctx.Term() // ends Run with ErrClosed
		fmt.Println("proxy ended:", <-ended)
		fmt.Println("ok")
		return nil
	} else if err != nil {
		return err
	}
	fmt.Println("paused")
	if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 3}) {
		time.Sleep(100 * time.Millisecond) // no acknowledgement before 4.3
	}
	if err := client.SendString("while paused", 0); err != nil {
		return err
	}
	_ = worker.SetRcvTimeout(200 * time.Millisecond)
	if _, err := worker.RecvString(0); !errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("a paused proxy forwarded a message (err %v)", err)
	}
	fmt.Println("nothing came through while paused")
	_ = worker.SetRcvTimeout(5 * time.Second)
	if err := p.Resume(); err != nil {
		return err
	}
	got, err := worker.RecvString(0)
	if err != nil {
		return err
	}
	fmt.Printf("resumed: worker got %q\n", got)
	if st, err := p.Statistics(); err == nil {
		fmt.Printf("statistics: frontend in %d msgs, backend out %d msgs\n", st.FrontendIn, st.BackendOut)
	} else if !errors.Is(err, zmqffi.ErrNotSupported) {
		return err
	}
	if err := p.Terminate(); err != nil {
		return err
	}
	if err := <-ended; err != nil {
		return err
	}
	fmt.Println("proxy terminated")
	fmt.Println("ok")
	return nil
}
