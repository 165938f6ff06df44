package zmq4_test

import (
	"testing"

	"github.com/zmqffi/zmqffi"
	zmq "github.com/zmqffi/zmqffi/zmq4"
)

// BenchmarkSendRecv measures the drop-in's cost over the root API: one
// goroutine sends a frame on an inproc PAIR and receives it on the other
// end, through package zmq4 (SendBytes, RecvBytes) and through the root
// package making the same calls (Send, Recv), so nothing waits and the
// difference is the wrapper's.
func BenchmarkSendRecv(b *testing.B) {
	for _, size := range []int{1, 1024} {
		msg := make([]byte, size)
		b.Run("zmq4/"+sizeName(size), func(b *testing.B) {
			ctx, err := zmq.NewContext()
			if err != nil {
				b.Fatal(err)
			}
			defer ctx.Term()
			a, _ := ctx.NewSocket(zmq.PAIR)
			c, _ := ctx.NewSocket(zmq.PAIR)
			if err := a.Bind("inproc://bench"); err != nil {
				b.Fatal(err)
			}
			if err := c.Connect("inproc://bench"); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := a.SendBytes(msg, 0); err != nil {
					b.Fatal(err)
				}
				if _, err := c.RecvBytes(0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("root/"+sizeName(size), func(b *testing.B) {
			ctx, err := zmqffi.NewContext()
			if err != nil {
				b.Fatal(err)
			}
			defer ctx.Term()
			a, _ := ctx.Socket(zmqffi.PAIR)
			c, _ := ctx.Socket(zmqffi.PAIR)
			if err := a.Bind("inproc://bench"); err != nil {
				b.Fatal(err)
			}
			if err := c.Connect("inproc://bench"); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := a.Send(msg, 0); err != nil {
					b.Fatal(err)
				}
				if _, err := c.Recv(0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1024 {
		return "1KiB"
	}
	return "1B"
}
