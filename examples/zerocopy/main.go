// Command zerocopy sends large frames without copying them into libzmq and
// receives them without copying them out: SendZeroCopy hands the caller's
// buffer to libzmq, which calls back (done) when it no longer reads it, and
// RecvMessage returns a Message whose bytes stay in libzmq's memory until
// Close.
//
//	go run ./examples/zerocopy [--soname libzmq.so.5] [--size 1048576] [--count 100]
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load ("" = the default search)`)
	size := flag.Int("size", 1<<20, "bytes per frame")
	count := flag.Int("count", 100, "frames to send")
	flag.Parse()
	if err := run(*soname, *size, *count); err != nil {
		fmt.Fprintln(os.Stderr, "zerocopy:", err)
		os.Exit(1)
	}
}

func run(soname string, size, count int) error {
	if size < 1 || count < 1 {
		return fmt.Errorf("--size and --count must be positive")
	}
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer ctx.Term()
	pull, err := ctx.Socket(zmqffi.PULL)
	if err != nil {
		return err
	}
	push, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		return err
	}
	_ = pull.SetRcvTimeout(10 * time.Second)
	if err := pull.Bind("inproc://zerocopy"); err != nil {
		return err
	}
	if err := push.Connect("inproc://zerocopy"); err != nil {
		return err
	}
	var released sync.WaitGroup
	start := time.Now()
	go func() {
		for i := 0; i < count; i++ {
			buf := make([]byte, size)
			buf[0], buf[size-1] = byte(i), byte(i)
			released.Add(1)
			if err := push.SendZeroCopy(buf, 0, released.Done); err != nil {
				released.Done()
				fmt.Fprintln(os.Stderr, "zerocopy: send:", err)
				return
			}
		}
	}()
	for i := 0; i < count; i++ {
		m, err := pull.RecvMessage(0)
		if err != nil {
			return err
		}
		b := m.Bytes()
		if len(b) != size || b[0] != byte(i) || b[size-1] != byte(i) {
			return fmt.Errorf("frame %d arrived damaged", i)
		}
		_ = m.Close()
	}
	released.Wait()
	took := time.Since(start)
	fmt.Printf("libzmq %s: %d frames of %d bytes in %v (%.0f MB/s), every buffer released\n",
		ctx.Version(), count, size, took.Round(time.Millisecond), float64(size*count)/took.Seconds()/1e6)
	fmt.Println("ok")
	return nil
}
