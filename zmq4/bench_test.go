package zmq4_test

import (
	"slices"
	"testing"
	"time"

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

// BenchmarkDropInRatio interleaves the two APIs of BenchmarkSendRecv batch
// by batch, in alternating order, and reports the median of the ratios of
// side-by-side batches (zmq4 time / root time), which a noisy machine
// disturbs far less than two separate benchmarks. One op is one batch of
// each.
func BenchmarkDropInRatio(b *testing.B) {
	const batch = 512
	msg := make([]byte, 64)
	zctx, err := zmq.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	defer zctx.Term()
	za, _ := zctx.NewSocket(zmq.PAIR)
	zc, _ := zctx.NewSocket(zmq.PAIR)
	if err := za.Bind("inproc://ratio"); err != nil {
		b.Fatal(err)
	}
	if err := zc.Connect("inproc://ratio"); err != nil {
		b.Fatal(err)
	}
	rctx, err := zmqffi.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	defer rctx.Term()
	ra, _ := rctx.Socket(zmqffi.PAIR)
	rc, _ := rctx.Socket(zmqffi.PAIR)
	if err := ra.Bind("inproc://ratio"); err != nil {
		b.Fatal(err)
	}
	if err := rc.Connect("inproc://ratio"); err != nil {
		b.Fatal(err)
	}
	viaZmq4 := func() time.Duration {
		t0 := time.Now()
		for j := 0; j < batch; j++ {
			if _, err := za.SendBytes(msg, 0); err != nil {
				b.Fatal(err)
			}
			if _, err := zc.RecvBytes(0); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(t0)
	}
	viaRoot := func() time.Duration {
		t0 := time.Now()
		for j := 0; j < batch; j++ {
			if err := ra.Send(msg, 0); err != nil {
				b.Fatal(err)
			}
			if _, err := rc.Recv(0); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(t0)
	}
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var z, r time.Duration
		if i%2 == 0 {
			z, r = viaZmq4(), viaRoot()
		} else {
			r, z = viaRoot(), viaZmq4()
		}
		ratios = append(ratios, float64(z)/float64(r))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "zmq4/root")
}
