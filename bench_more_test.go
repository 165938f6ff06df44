package zmqffi_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zmqffi/zmqffi"
)

// BenchmarkMultipart sends three-frame messages (a 16-byte header, the
// body, a 4-byte trailer) with SendMultipart on one goroutine and receives
// them on another, either whole with RecvMultipart (one slice per frame plus
// the slice of frames) or frame by frame with RecvInto and RcvMore, which
// allocates nothing.
func BenchmarkMultipart(b *testing.B) {
	for _, tr := range []string{"inproc", "tcp"} {
		for _, size := range []int{1, 64, 1024} {
			for _, recv := range []string{"RecvMultipart", "RecvInto"} {
				b.Run(fmt.Sprintf("%s/%dB/%s", tr, size, recv), func(b *testing.B) {
					push, pull, done := benchPair(b, tr)
					defer done()
					parts := [][]byte{make([]byte, 16), make([]byte, size), make([]byte, 4)}
					buf := make([]byte, max(size, 16))
					errc := make(chan error, 1)
					b.SetBytes(int64(16 + size + 4))
					b.ReportAllocs()
					b.ResetTimer()
					go func() {
						for i := 0; i < b.N; i++ {
							if err := push.SendMultipart(parts, 0); err != nil {
								errc <- err
								return
							}
						}
						errc <- nil
					}()
					for i := 0; i < b.N; i++ {
						if recv == "RecvMultipart" {
							msg, err := pull.RecvMultipart(0)
							if err != nil {
								b.Fatal(err)
							}
							if len(msg) != 3 {
								b.Fatalf("%d frames, want 3", len(msg))
							}
							continue
						}
						for f := 0; ; f++ {
							if _, err := pull.RecvInto(buf, 0); err != nil {
								b.Fatal(err)
							}
							more, err := pull.RcvMore()
							if err != nil {
								b.Fatal(err)
							}
							if !more {
								if f != 2 {
									b.Fatalf("%d frames, want 3", f+1)
								}
								break
							}
						}
					}
					if err := <-errc; err != nil {
						b.Fatal(err)
					}
				})
			}
		}
	}
}

// BenchmarkParkingRoundTrip is a REQ/REP round trip of 64 bytes between two
// goroutines over inproc: every receive finds nothing at first and parks
// in the netpoller until the peer's reply signals ZMQ_FD, so this measures
// the parking receive and its wake-up.
func BenchmarkParkingRoundTrip(b *testing.B) {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	defer ctx.Term()
	rep, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		b.Fatal(err)
	}
	req, err := ctx.Socket(zmqffi.REQ)
	if err != nil {
		b.Fatal(err)
	}
	if err := rep.Bind("inproc://bench-park"); err != nil {
		b.Fatal(err)
	}
	if err := req.Connect("inproc://bench-park"); err != nil {
		b.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := rep.RecvInto(buf, 0)
			if err != nil {
				errc <- err
				return
			}
			if n == 0 { // the end
				errc <- nil
				return
			}
			if err := rep.Send(buf[:n], 0); err != nil {
				errc <- err
				return
			}
		}
	}()
	msg, buf := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := req.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := req.RecvInto(buf, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := req.Send(nil, 0); err != nil {
		b.Fatal(err)
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPollerPoll polls a PULL socket that has a message waiting, then
// takes the message: the cost of one Poll that finds a socket ready.
func BenchmarkPollerPoll(b *testing.B) {
	push, pull, done := benchPair(b, "inproc")
	defer done()
	p := zmqffi.NewPoller()
	if err := p.Add(pull, zmqffi.PollIn); err != nil {
		b.Fatal(err)
	}
	msg, buf := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := push.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		ready, err := p.Poll(time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if len(ready) != 1 {
			b.Fatalf("%d ready, want 1", len(ready))
		}
		if _, err := pull.RecvInto(buf, zmqffi.DontWait); err != nil {
			b.Fatal(err)
		}
	}
}
