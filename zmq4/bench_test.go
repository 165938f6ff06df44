package zmq4_test

import (
	"slices"
	"testing"
	"time"

	"github.com/zmqffi/zmqffi"
	zmq "github.com/zmqffi/zmqffi/zmq4"
)

// zmq4Pair returns two connected inproc PAIR sockets of a new zmq4 context,
// which the benchmark's end terminates.
func zmq4Pair(b *testing.B) (*zmq.Socket, *zmq.Socket) {
	ctx, err := zmq.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ctx.Term() })
	x, _ := ctx.NewSocket(zmq.PAIR)
	y, _ := ctx.NewSocket(zmq.PAIR)
	if err := x.Bind("inproc://bench"); err != nil {
		b.Fatal(err)
	}
	if err := y.Connect("inproc://bench"); err != nil {
		b.Fatal(err)
	}
	return x, y
}

// rootPair is zmq4Pair through the root package.
func rootPair(b *testing.B) (*zmqffi.Socket, *zmqffi.Socket) {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ctx.Term() })
	x, _ := ctx.Socket(zmqffi.PAIR)
	y, _ := ctx.Socket(zmqffi.PAIR)
	if err := x.Bind("inproc://bench"); err != nil {
		b.Fatal(err)
	}
	if err := y.Connect("inproc://bench"); err != nil {
		b.Fatal(err)
	}
	return x, y
}

// viaZmq4 and viaRoot send n frames from x and receive them on y, one at a
// time, through each API's pebbe-style calls.
func viaZmq4(b *testing.B, x, y *zmq.Socket, msg []byte, n int) {
	for i := 0; i < n; i++ {
		if _, err := x.SendBytes(msg, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := y.RecvBytes(0); err != nil {
			b.Fatal(err)
		}
	}
}

func viaRoot(b *testing.B, x, y *zmqffi.Socket, msg []byte, n int) {
	for i := 0; i < n; i++ {
		if err := x.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := y.Recv(0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendRecv measures the drop-in's cost over the root API: one
// goroutine sends a frame on an inproc PAIR and receives it on the other
// end, through package zmq4 (SendBytes, RecvBytes) and through the root
// package making the same calls (Send, Recv), so nothing waits and the
// difference is the wrapper's.
func BenchmarkSendRecv(b *testing.B) {
	for _, size := range []int{1, 1024} {
		msg := make([]byte, size)
		name := "1B"
		if size == 1024 {
			name = "1KiB"
		}
		b.Run("zmq4/"+name, func(b *testing.B) {
			x, y := zmq4Pair(b)
			b.ReportAllocs()
			b.ResetTimer()
			viaZmq4(b, x, y, msg, b.N)
		})
		b.Run("root/"+name, func(b *testing.B) {
			x, y := rootPair(b)
			b.ReportAllocs()
			b.ResetTimer()
			viaRoot(b, x, y, msg, b.N)
		})
	}
}

// BenchmarkDropInRatio interleaves the two APIs of BenchmarkSendRecv batch
// by batch, in alternating order, and reports the median of the ratios of
// side-by-side batches (zmq4 time / root time), which a noisy machine
// disturbs far less than two separate benchmarks. One op is one batch of
// each.
func BenchmarkDropInRatio(b *testing.B) {
	const batch = 512
	msg := make([]byte, 64)
	zx, zy := zmq4Pair(b)
	rx, ry := rootPair(b)
	timed := func(f func()) time.Duration {
		t0 := time.Now()
		f()
		return time.Since(t0)
	}
	z4 := func() time.Duration { return timed(func() { viaZmq4(b, zx, zy, msg, batch) }) }
	root := func() time.Duration { return timed(func() { viaRoot(b, rx, ry, msg, batch) }) }
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var z, r time.Duration
		if i%2 == 0 {
			z, r = z4(), root()
		} else {
			r, z = root(), z4()
		}
		ratios = append(ratios, float64(z)/float64(r))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "zmq4/root")
}
