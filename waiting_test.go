package zmqffi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// parkProcStatus reads a field of /proc/self/status ("Threads", "VmRSS").
func parkProcStatus(t testing.TB, field string) string {
	t.Helper()
	linuxProc(t)
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return ""
}

func parkThreads(t testing.TB) int {
	n, err := strconv.Atoi(parkProcStatus(t, "Threads"))
	require.NoError(t, err)
	return n
}

// TestParkedReceivers starts N goroutines, each blocked in Recv on its own
// PULL socket, and checks that they hold no OS thread each: the process's
// thread count grows by the contexts' libzmq threads and a few, not by N.
// Then one PUSH per context sends every receiver a numbered message, and
// each number must arrive exactly once.
//
// N is 1,000 by default (200 with -short). ZMQFFI_PARK_RECEIVERS=9000 runs
// the full measurement, which also requires at most 64 threads in all; run
// it alone (go test -run TestParkedReceivers -v .) so that no other test's
// threads are counted. A parked receiver holds two descriptors (its
// socket's mailbox and the dup of ZMQ_FD); libzmq allows 1,023 sockets per
// context by default, so the receivers are spread over contexts of 1,000.
func TestParkedReceivers(t *testing.T) {
	n, measure := 1000, false
	if testing.Short() {
		n = 200
	}
	if v := os.Getenv("ZMQFFI_PARK_RECEIVERS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err, "ZMQFFI_PARK_RECEIVERS")
		measure = true
	}
	// ZMQFFI_PARK_BLOCKING=1 receives with a blocking zmq_recv instead, for
	// comparison (one OS thread per receiver; no thread assertions).
	blocking := os.Getenv("ZMQFFI_PARK_BLOCKING") == "1"
	if testenv.Race && n > 8000 {
		t.Skipf("the race detector allows 8,128 live goroutines; %d receivers need more", n)
	}
	const perContext = 1000
	before := parkThreads(t)

	type node struct {
		ctx  *zmqffi.Context
		push *zmqffi.Socket
		n    int
	}
	var nodes []*node
	defer func() {
		for _, nd := range nodes {
			_ = nd.ctx.Term()
		}
	}()
	pulls := make([]*zmqffi.Socket, 0, n)
	for i := 0; i < n; i += perContext {
		ctx, err := zmqffi.NewContext()
		require.NoError(t, err)
		nd := &node{ctx: ctx, n: min(perContext, n-i)}
		nodes = append(nodes, nd)
		nd.push, err = ctx.Socket(zmqffi.PUSH)
		require.NoError(t, err)
		require.NoError(t, nd.push.SetLinger(0))
		ep := fmt.Sprintf("inproc://park-%d", len(nodes))
		require.NoError(t, nd.push.Bind(ep))
		for j := 0; j < nd.n; j++ {
			pull, err := ctx.Socket(zmqffi.PULL)
			require.NoError(t, err, "socket %d", len(pulls))
			require.NoError(t, pull.SetLinger(0))
			require.NoError(t, pull.Connect(ep))
			pulls = append(pulls, pull)
		}
	}
	afterSetup := parkThreads(t)

	got := make([]int64, n)
	var (
		wg      sync.WaitGroup
		waiting atomic.Int64
		failed  atomic.Int64
	)
	// The receivers start in waves, each wave trying once and parking before
	// the next starts: the first try is a libzmq call, and on a loaded
	// machine the runtime gives a new thread to every P whose M is in a C
	// call for too long, so n receivers starting at once can make up to n
	// threads that Go then keeps. A wave's threads are idle and reused by
	// the next wave, so the count measures parking, not the load.
	const wave = 50
	for i, pull := range pulls {
		if i > 0 && i%wave == 0 {
			require.Eventually(t, func() bool { return waiting.Load() == int64(i) }, time.Minute, time.Millisecond)
			time.Sleep(20 * time.Millisecond)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			waiting.Add(1)
			var (
				msg []byte
				err error
			)
			if blocking {
				msg = make([]byte, 8)
				var k int
				k, err = zmqffi.RecvIntoBlocking(pull, msg)
				msg = msg[:min(k, 8)]
			} else {
				msg, err = pull.Recv(0)
			}
			if err != nil || len(msg) != 8 {
				failed.Add(1)
				got[i] = -1
				return
			}
			got[i] = int64(binary.LittleEndian.Uint64(msg))
		}()
	}
	require.Eventually(t, func() bool { return waiting.Load() == int64(n) }, time.Minute, 10*time.Millisecond)
	// Each goroutine now tries once and parks; give the last ones time to.
	time.Sleep(500 * time.Millisecond)
	parked := 0
	for i := 0; i < 5; i++ {
		parked = max(parked, parkThreads(t))
		time.Sleep(20 * time.Millisecond)
	}
	rss := parkProcStatus(t, "VmRSS")

	// Wake them all: every pipe gets one message (the PUSH first processes
	// the pending attachments of its pipes, through ZMQ_EVENTS).
	start := time.Now()
	seq := 0
	for _, nd := range nodes {
		_, err := nd.push.HasPollout()
		require.NoError(t, err)
		for j := 0; j < nd.n; j++ {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], uint64(seq))
			require.NoError(t, nd.push.Send(b[:], 0))
			seq++
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("not every receiver got its message")
	}
	wake := time.Since(start)
	require.Zero(t, failed.Load(), "receives that failed")
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	for i, v := range sorted {
		require.Equal(t, int64(i), v, "every number exactly once")
	}
	ctxThreads := 2 * len(nodes) // an I/O thread and the reaper per context
	how := "parked in Recv"
	if blocking {
		how = "blocked in zmq_recv"
	}
	t.Logf("%d receivers %s on %d contexts: OS threads %d before, %d after creating the sockets, %d while parked (GOMAXPROCS %d, libzmq threads %d); VmRSS %s; all %d messages arrived, once each, %v after the first send",
		n, how, len(nodes), before, afterSetup, parked, runtime.GOMAXPROCS(0), ctxThreads, rss, n, wake.Round(time.Millisecond))
	if blocking {
		return
	}
	// Not one thread per waiter: blocking receivers would add n. The bound
	// leaves room for the threads of one wave's first tries and for the
	// runtime's own.
	assert.LessOrEqual(t, parked-before, ctxThreads+wave+64, "threads added while %d goroutines wait", n)
	if measure {
		assert.LessOrEqual(t, parked, 64, "OS threads in all")
	}
}

// TestContextCancelStress receives 20,000 numbered messages (2,000 with
// -short) with RecvContext under random cancellations and deadlines of
// 0–100 µs: none may be lost or repeated. It runs under -race too.
func TestContextCancelStress(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	cut := conformance.ContextStress(t, ctx, n)
	t.Logf("%d messages received once each, in order; %d receives cut short by their context", n, cut)
	assert.Greater(t, cut, n/100, "the cancellations must interleave with the traffic to test anything")
}

// TestContextWakeLatency measures how long a parked RecvContext takes to
// return after its context is cancelled.
func TestContextWakeLatency(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	pull, err := ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	require.NoError(t, pull.Bind("inproc://wake-latency"))
	const runs = 200
	lat := make([]time.Duration, 0, runs)
	for i := 0; i < runs; i++ {
		c, cancel := context.WithCancel(context.Background())
		var at atomic.Int64
		go func() {
			time.Sleep(200 * time.Microsecond)
			at.Store(time.Now().UnixNano())
			cancel()
		}()
		_, err := pull.RecvContext(c, 0)
		end := time.Now().UnixNano()
		require.ErrorIs(t, err, context.Canceled)
		lat = append(lat, time.Duration(end-at.Load()))
	}
	slices.Sort(lat)
	t.Logf("RecvContext returned after cancel: p50 %v, p99 %v, max %v", lat[runs/2], lat[runs*99/100], lat[runs-1])
	assert.Less(t, lat[runs/2], 10*time.Millisecond, "p50")
}

// benchCtx is a context that can end, and never does.
var benchCtx, _ = context.WithCancel(context.Background())

// waitMode is how a benchmark's receives wait.
type waitMode struct {
	name string
	recv func(s *zmqffi.Socket, buf []byte) (int, error)
}

var waitModes = []waitMode{
	// park: the binding's Recv, waiting in the netpoller.
	{"park", func(s *zmqffi.Socket, buf []byte) (int, error) { return s.RecvInto(buf, 0) }},
	// park-ctx: RecvIntoContext with a context that can be cancelled (one
	// context.AfterFunc per wait).
	{"park-ctx", func(s *zmqffi.Socket, buf []byte) (int, error) { return s.RecvIntoContext(benchCtx, buf, 0) }},
	// spin: DontWait in a loop, yielding between tries.
	{"spin", func(s *zmqffi.Socket, buf []byte) (int, error) {
		for {
			n, err := s.RecvInto(buf, zmqffi.DontWait)
			if !errors.Is(err, syscall.EAGAIN) {
				return n, err
			}
			runtime.Gosched()
		}
	}},
	// park-bw1ms: Recv with SetBlockingWait(1ms): a wait blocks in zmq_poll
	// for up to 1 ms before it parks.
	{"park-bw1ms", func(s *zmqffi.Socket, buf []byte) (int, error) {
		if s.BlockingWait() == 0 {
			if err := s.SetBlockingWait(time.Millisecond); err != nil {
				return 0, err
			}
		}
		return s.RecvInto(buf, 0)
	}},
	// block: a blocking zmq_recv inside libzmq, as cgo bindings do.
	{"block", zmqffi.RecvIntoBlocking},
}

// BenchmarkWaitRoundTrip is a REQ/REP round trip of 16 bytes, both sides
// receiving with each wait mode; besides ns/op it reports the round trip's
// p50 and p99 in µs.
func BenchmarkWaitRoundTrip(b *testing.B) {
	for _, tr := range []string{"inproc", "tcp"} {
		for _, m := range waitModes {
			b.Run(tr+"/"+m.name, func(b *testing.B) {
				ctx, err := zmqffi.NewContext()
				if err != nil {
					b.Fatal(err)
				}
				defer ctx.Term()
				rep, _ := ctx.Socket(zmqffi.REP)
				req, _ := ctx.Socket(zmqffi.REQ)
				ep := "inproc://rt-" + m.name
				if tr == "tcp" {
					ep = "tcp://127.0.0.1:*"
				}
				if err := rep.Bind(ep); err != nil {
					b.Fatal(err)
				}
				ep, _ = rep.LastEndpoint()
				if err := req.Connect(ep); err != nil {
					b.Fatal(err)
				}
				stop := make(chan struct{})
				served := make(chan error, 1)
				go func() {
					buf := make([]byte, 64)
					for {
						n, err := m.recv(rep, buf)
						if err != nil {
							select {
							case <-stop:
								err = nil
							default:
							}
							served <- err
							return
						}
						if err := rep.Send(buf[:n], 0); err != nil {
							served <- err
							return
						}
					}
				}()
				msg, buf := bytes.Repeat([]byte("x"), 16), make([]byte, 64)
				for i := 0; i < 200; i++ { // warm up
					_ = req.Send(msg, 0)
					_, _ = m.recv(req, buf)
				}
				lat := make([]time.Duration, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					if err := req.Send(msg, 0); err != nil {
						b.Fatal(err)
					}
					if _, err := m.recv(req, buf); err != nil {
						b.Fatal(err)
					}
					lat[i] = time.Since(t0)
				}
				b.StopTimer()
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2])/1e3, "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*99/100])/1e3, "p99-µs")
				// Shutdown ends the server's wait (a blocking zmq_recv holds the
				// socket: Close would wait for it).
				close(stop)
				_ = ctx.Shutdown()
				if err := <-served; err != nil && !errors.Is(err, zmqffi.ETERM) {
					b.Fatal(err)
				}
			})
		}
	}
}

// TestWaitKeepsSocketAlive: a goroutine waiting in Recv on a Socket that
// nothing else references keeps it from the cleanup that closes forgotten
// sockets; the receive then gets its message.
func TestWaitKeepsSocketAlive(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	push, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	require.NoError(t, push.Bind("inproc://keepalive"))
	const n = 8
	errc := make(chan error, 2*n)
	for i := 0; i < 2*n; i++ {
		pull, err := ctx.Socket(zmqffi.PULL)
		require.NoError(t, err)
		require.NoError(t, pull.Connect("inproc://keepalive"))
		go func() {
			var err error
			if i%2 == 0 {
				_, err = pull.Recv(0)
			} else {
				_, err = pull.RecvContext(context.Background(), 0)
			}
			errc <- err
		}()
	}
	time.Sleep(50 * time.Millisecond) // let them wait
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-errc:
		t.Fatalf("a receiver returned before any message was sent: %v", err)
	default:
	}
	_, err = push.HasPollout()
	require.NoError(t, err)
	require.NoError(t, push.SetSndTimeout(10*time.Second))
	for i := 0; i < 2*n; i++ {
		require.NoError(t, push.SendString("alive", 0))
	}
	for i := 0; i < 2*n; i++ {
		select {
		case err := <-errc:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("a receiver never returned")
		}
	}
}
