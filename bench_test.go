package zmqffi_test

import (
	"fmt"
	"testing"

	"github.com/zmqffi/zmqffi"
)

func benchPair(b *testing.B, transport string) (push, pull *zmqffi.Socket, done func()) {
	b.Helper()
	ctx, err := zmqffi.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	pull, err = ctx.Socket(zmqffi.PULL)
	if err != nil {
		b.Fatal(err)
	}
	push, err = ctx.Socket(zmqffi.PUSH)
	if err != nil {
		b.Fatal(err)
	}
	ep := "inproc://bench"
	if transport == "tcp" {
		ep = "tcp://127.0.0.1:*"
	}
	if err := pull.Bind(ep); err != nil {
		b.Fatal(err)
	}
	if ep, err = pull.LastEndpoint(); err != nil {
		b.Fatal(err)
	}
	if err := push.Connect(ep); err != nil {
		b.Fatal(err)
	}
	return push, pull, func() { _ = ctx.Term() }
}

var sizes = []int{1, 64, 1024, 64 << 10}

// benchPushPull sends b.N frames of each size from one goroutine and
// receives them with recv on the benchmark's goroutine.
func benchPushPull(b *testing.B, recv func(pull *zmqffi.Socket, buf []byte) error) {
	for _, tr := range []string{"inproc", "tcp"} {
		for _, size := range sizes {
			b.Run(fmt.Sprintf("%s/%dB", tr, size), func(b *testing.B) {
				push, pull, done := benchPair(b, tr)
				defer done()
				msg := make([]byte, size)
				buf := make([]byte, size)
				errc := make(chan error, 1)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				b.ResetTimer()
				go func() {
					for i := 0; i < b.N; i++ {
						if err := push.Send(msg, 0); err != nil {
							errc <- err
							return
						}
					}
					errc <- nil
				}()
				for i := 0; i < b.N; i++ {
					if err := recv(pull, buf); err != nil {
						b.Fatal(err)
					}
				}
				if err := <-errc; err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkSendRecvInto is the zero-allocation path: Send of a caller's
// buffer, RecvInto a caller's buffer, one goroutine each side.
func BenchmarkSendRecvInto(b *testing.B) {
	benchPushPull(b, func(pull *zmqffi.Socket, buf []byte) error {
		_, err := pull.RecvInto(buf, 0)
		return err
	})
}

// BenchmarkSendRecv receives into a new slice per frame (one allocation of
// the frame's size).
func BenchmarkSendRecv(b *testing.B) {
	benchPushPull(b, func(pull *zmqffi.Socket, _ []byte) error {
		_, err := pull.Recv(0)
		return err
	})
}

// BenchmarkPingPong is a round trip on one goroutine: Send then RecvInto
// on a PAIR-like PUSH/PULL pair, never waiting in the poller.
func BenchmarkPingPong(b *testing.B) {
	push, pull, done := benchPair(b, "inproc")
	defer done()
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := push.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := pull.RecvInto(buf, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPingPongRecv is BenchmarkPingPong with the allocating Recv, at
// 1 B and 64 B: the difference between the two is the cost of the result's
// allocation and copy, without the second thread's cache traffic of
// BenchmarkSendRecv.
func BenchmarkPingPongRecv(b *testing.B) {
	for _, size := range []int{1, 64} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			push, pull, done := benchPair(b, "inproc")
			defer done()
			msg := make([]byte, size)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := push.Send(msg, 0); err != nil {
					b.Fatal(err)
				}
				if _, err := pull.Recv(0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
