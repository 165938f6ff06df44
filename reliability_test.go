package zmqffi_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestEINTRStorm sends numbered messages PUSH→PULL over tcp and inproc, and
// from every conformance target to every other over tcp (the 2.x and 3.x ABI
// test libraries and the system libzmq at least), while the process is
// flooded with signals: a CPU profile at 1 kHz, stop-the-world collections,
// spinning goroutines that only asynchronous preemption stops, and SIGURG
// sent to every thread every 100µs. Two of the pairs also get an EINTR
// injected into every third libzmq call (see InjectEINTR), while another
// goroutine polls the receiving socket's ZMQ_EVENTS. Every message must
// arrive once, in order, intact; waits with a 200 ms timeout must end on
// time; and every EINTR must have been retried (the count is printed).
//
// The storm runs in a child process (this test binary run again, with
// ZMQFFI_STORM_CHILD=1) so that it has its own GODEBUG and GOGC, and so that
// a hang or a crash in libzmq is reported with the child's output instead of
// killing the suite. Environment (scripts/stress sets the long versions):
//
//	ZMQFFI_STORM_MSGS  messages per PUSH→PULL pair (default 100,000; 20,000
//	                   under -race); the mesh sends a tenth of that per pair
//	ZMQFFI_STORM_LIMIT how long the child may run (Go duration, default 4m)
const stormChildEnv = "ZMQFFI_STORM_CHILD"

// stormGODEBUG keeps asynchronous preemption on (whatever the caller's
// GODEBUG says) and makes every collection stop the world, which signals
// every running goroutine's thread twice per cycle; GOGC=5 makes the cycles
// frequent.
const (
	stormGODEBUG = "asyncpreemptoff=0,gcstoptheworld=1"
	stormGOGC    = "5"
)

// timeoutMargin is how much later than a plain time.Sleep of the same 200 ms
// started alongside a receive or send with a 200 ms timeout may return under
// the storm (see timeoutProbe).
const timeoutMargin = 100 * time.Millisecond

// envCount reads a count from the environment, for the stress script.
func envCount(t testing.TB, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	require.NoError(t, err, "%s=%q", name, v)
	return n
}

func TestEINTRStorm(t *testing.T) {
	if os.Getenv(stormChildEnv) != "" {
		stormChild(t)
		return
	}
	limit := 4 * time.Minute
	if v := os.Getenv("ZMQFFI_STORM_LIMIT"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err)
		limit = d
	}
	env := append(os.Environ(), stormChildEnv+"=1", "GODEBUG="+stormGODEBUG, "GOGC="+stormGOGC)
	for _, tg := range testenv.CompatTargets(t) {
		env = append(env, "ZMQFFI_COMPAT_DIR="+filepath.Dir(tg.Soname)) // built once, by this process
	}
	out, err := runChild(t, limit, env, "-test.run=^TestEINTRStorm$", "-test.v", "-test.count=1", "-test.timeout=0")
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "storm:"); i >= 0 {
			t.Log(line[i:])
		}
	}
	require.NoError(t, err, "the storm child failed; its output:\n%s", out)
	require.Contains(t, out, "storm: PASS")
}

// runChild runs this test binary again with args and env, for at most limit;
// a child that outlives it gets SIGQUIT, so that its goroutines are dumped.
func runChild(t *testing.T, limit time.Duration, env []string, args ...string) (string, error) {
	t.Helper()
	cctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := testenv.CommandContext(cctx, os.Args[0], args...)
	cmd.Env = env
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGQUIT) }
	cmd.WaitDelay = 10 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cctx.Err() != nil {
		err = fmt.Errorf("child still running after %v (killed with SIGQUIT): %w", limit, err)
	}
	return out.String(), err
}

// stormNoise is what makes the runtime signal threads: a CPU profile at
// 1 kHz, one spinning goroutine per spare P (only asynchronous preemption can
// stop them), a goroutine making garbage for frequent collections, and a
// count of the SIGURGs (preemption signals) the process sees.
type stormNoise struct {
	stopping atomic.Bool
	wg       sync.WaitGroup
	sigurg   atomic.Int64
	sent     atomic.Int64
	sigs     chan os.Signal
	prof     bytes.Buffer
	gc0      uint32
}

var garbageSink atomic.Pointer[[]byte]

func startStormNoise(t *testing.T) *stormNoise {
	n := &stormNoise{sigs: make(chan os.Signal, 1024)}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	n.gc0 = ms.NumGC
	// The rate must be set before StartCPUProfile, which then prints that it
	// cannot set its own 100 Hz and keeps this one.
	runtime.SetCPUProfileRate(1000)
	require.NoError(t, pprof.StartCPUProfile(&n.prof))
	if stormSignal != nil {
		signal.Notify(n.sigs, stormSignal)
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		for range n.sigs {
			n.sigurg.Add(1)
		}
	}()
	for i := 0; i < max(1, runtime.GOMAXPROCS(0)-1); i++ {
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			x := 0
			for !n.stopping.Load() {
				x++
			}
			_ = x
		}()
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		n.signalThreads()
	}()
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		for !n.stopping.Load() {
			b := make([]byte, 256<<10)
			garbageSink.Store(&b)
			time.Sleep(time.Millisecond)
		}
	}()
	return n
}

// stop ends the noise and returns the number of collections, of SIGURGs sent
// and seen (signal.Notify coalesces them), and the size of the CPU profile.
func (n *stormNoise) stop() (gcs uint32, sent, seen int64, profBytes int) {
	n.stopping.Store(true)
	pprof.StopCPUProfile()
	signal.Stop(n.sigs)
	close(n.sigs)
	n.wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC - n.gc0, n.sent.Load(), n.sigurg.Load(), n.prof.Len()
}

// stormFrame fills buf with message seq: its number, then a pattern derived
// from it, 8 to 64 bytes long.
func stormFrame(buf []byte, seq uint64) []byte {
	b := buf[:8+seq%57]
	binary.BigEndian.PutUint64(b, seq)
	for i := 8; i < len(b); i++ {
		b[i] = byte(seq) + byte(i)
	}
	return b
}

// checkFrame says what is wrong with a frame expected to be message want.
func checkFrame(b []byte, want uint64) error {
	if len(b) < 8 {
		return fmt.Errorf("message %d: frame of %d bytes", want, len(b))
	}
	got := binary.BigEndian.Uint64(b)
	switch {
	case got < want:
		return fmt.Errorf("message %d duplicated or reordered: got it when expecting %d", got, want)
	case got > want:
		return fmt.Errorf("message %d lost: got %d next", want, got)
	}
	var ref [64]byte
	if !bytes.Equal(b, stormFrame(ref[:], want)) {
		return fmt.Errorf("message %d corrupted: % x", want, b)
	}
	return nil
}

// stormPair sends n numbered messages from push to pull (sender and receiver
// on goroutines of their own) and checks that each arrives once, in order,
// intact, and that nothing follows. The receiver alternates RecvInto and Recv.
// A long run reports its progress every tenth.
func stormPair(name string, push, pull *zmqffi.Socket, n int, progress func(string, ...any)) <-chan error {
	errc := make(chan error, 2)
	go func() {
		var buf [64]byte
		for seq := uint64(0); seq < uint64(n); seq++ {
			if err := push.Send(stormFrame(buf[:], seq), 0); err != nil {
				errc <- fmt.Errorf("%s: send %d: %w", name, seq, err)
				return
			}
		}
		errc <- nil
	}()
	go func() {
		errc <- func() error {
			buf := make([]byte, 64)
			for seq := uint64(0); seq < uint64(n); seq++ {
				var (
					frame []byte
					err   error
				)
				if seq%2 == 0 {
					var k int
					if k, err = pull.RecvInto(buf, 0); err == nil {
						frame = buf[:min(k, len(buf))]
					}
				} else {
					frame, err = pull.Recv(0)
				}
				if err != nil {
					return fmt.Errorf("%s: receive %d: %w", name, seq, err)
				}
				if err := checkFrame(frame, seq); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				if progress != nil && n >= 200_000 && (seq+1)%uint64(n/10) == 0 {
					progress("storm: %s: %d of %d received", name, seq+1, n)
				}
			}
			if err := pull.SetRcvTimeout(100 * time.Millisecond); err != nil {
				return err
			}
			if extra, err := pull.Recv(0); !errors.Is(err, syscall.EAGAIN) {
				return fmt.Errorf("%s: after the last message: % x, %v (a duplicate?)", name, extra, err)
			}
			return nil
		}()
	}()
	return firstError(errc, 2)
}

// firstError forwards the first error of k results, or nil after k nils.
func firstError(in <-chan error, k int) <-chan error {
	out := make(chan error, 1)
	go func() {
		for i := 0; i < k; i++ {
			if err := <-in; err != nil {
				out <- err
				return
			}
		}
		out <- nil
	}()
	return out
}

// timeoutProbe waits, again and again until stop, in a receive (and a send)
// with a 200 ms timeout that nothing will satisfy, and records how long each
// wait took: EINTR must not restart the wait, nor lose it. A plain 200 ms
// time.Sleep runs alongside each wait, so that the runtime's own lateness
// under the storm (which oversubscribes the CPUs) is not blamed on the wait:
// a wait may end at most timeoutMargin after that sleep.
type timeoutProbe struct {
	n        int
	min, max [3]time.Duration // Recv, RecvInto, Send
	sleepMax time.Duration    // the latest the sleeps alongside ended
}

func (p *timeoutProbe) run(pull, push *zmqffi.Socket, stop <-chan struct{}) error {
	const d = 200 * time.Millisecond
	if err := pull.SetRcvTimeout(d); err != nil {
		return err
	}
	if err := push.SetSndTimeout(d); err != nil {
		return err
	}
	buf := make([]byte, 8)
	slept := make(chan time.Duration, 1)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return nil
		default:
		}
		start := time.Now()
		go func() {
			time.Sleep(d)
			slept <- time.Since(start)
		}()
		var err error
		switch i % 3 {
		case 0:
			_, err = pull.Recv(0)
		case 1:
			_, err = pull.RecvInto(buf, 0)
		case 2:
			err = push.Send(buf, 0) // no peer: a PUSH cannot send
		}
		took := time.Since(start)
		sleep := <-slept
		p.sleepMax = max(p.sleepMax, sleep)
		if !errors.Is(err, syscall.EAGAIN) {
			return fmt.Errorf("timeout probe: %v after %v, want EAGAIN", err, took)
		}
		if took < d || took > sleep+timeoutMargin {
			return fmt.Errorf("timeout probe: a %v timeout took %v, and a %v time.Sleep alongside %v (allowed: %v to the sleep + %v)",
				d, took, d, sleep, d, timeoutMargin)
		}
		if k := i % 3; p.min[k] == 0 || took < p.min[k] {
			p.min[k] = took
		}
		p.max[i%3] = max(p.max[i%3], took)
		p.n++
	}
}

func stormChild(t *testing.T) {
	n := envCount(t, "ZMQFFI_STORM_MSGS", map[bool]int{false: 100_000, true: 20_000}[testenv.Race])
	meshN := max(n/10, 1)
	ctx := conformance.NewContext(t, testenv.Target{Name: "system"})
	t.Logf("storm: libzmq %s (%s), %d messages per transport, GODEBUG=%s GOGC=%s GOMAXPROCS=%d",
		ctx.Version(), ctx.LibraryPath(), n, os.Getenv("GODEBUG"), os.Getenv("GOGC"), runtime.GOMAXPROCS(0))

	type run struct {
		name string
		msgs int
		errc <-chan error
	}
	var (
		runs     []run
		injected []*atomic.Int64
		pokers   []<-chan error
	)
	newPair := func(c *zmqffi.Context, transport string, inject bool) (push, pull *zmqffi.Socket) {
		pull = conformance.NewSocket(t, c, zmqffi.PULL)
		push = conformance.NewSocket(t, c, zmqffi.PUSH)
		for _, s := range []*zmqffi.Socket{pull, push} {
			// Small queues: both sides wait often, in the netpoller.
			require.NoError(t, s.SetSndHWM(50))
			require.NoError(t, s.SetRcvHWM(50))
			if inject {
				injected = append(injected, zmqffi.InjectEINTR(s))
			}
		}
		ep := conformance.BindEndpoint(t, pull, transport)
		require.NoError(t, push.Connect(ep))
		return push, pull
	}

	// Every target (system 4.x, the 2.x and 3.x ABI test libraries, and
	// ZMQFFI_TEST_LIBS) sends to every other over tcp.
	targets := testenv.Targets(t)
	meshCtxs := make([]*zmqffi.Context, len(targets))
	meshPulls := make([]*zmqffi.Socket, len(targets))
	meshEps := make([]string, len(targets))
	for i, tg := range targets {
		meshCtxs[i] = conformance.NewContext(t, tg)
		meshPulls[i] = conformance.NewSocket(t, meshCtxs[i], zmqffi.PULL)
		meshEps[i] = conformance.BindEndpoint(t, meshPulls[i], "tcp")
	}
	var meshPushes [][]*zmqffi.Socket
	for i := range targets {
		row := make([]*zmqffi.Socket, len(targets))
		for j := range targets {
			if i != j {
				row[j] = conformance.NewSocket(t, meshCtxs[i], zmqffi.PUSH)
				require.NoError(t, row[j].Connect(meshEps[j]))
			}
		}
		meshPushes = append(meshPushes, row)
	}
	// The timeout probe runs on a socket pair with injected EINTRs and on
	// one without.
	var probes [2]timeoutProbe
	var probeSocks [2][2]*zmqffi.Socket
	for i := range probeSocks {
		pull := conformance.NewSocket(t, ctx, zmqffi.PULL)
		conformance.BindEndpoint(t, pull, "inproc")
		push := conformance.NewSocket(t, ctx, zmqffi.PUSH)
		if i == 1 {
			injected = append(injected, zmqffi.InjectEINTR(pull), zmqffi.InjectEINTR(push))
		}
		probeSocks[i] = [2]*zmqffi.Socket{pull, push}
	}
	// Let the tcp connections of the mesh come up before the storm.
	time.Sleep(100 * time.Millisecond)

	noise := startStormNoise(t)
	eintr0 := zmqffi.EINTRRetries()
	start := time.Now()
	stop := make(chan struct{})
	probeErr := make(chan error, 2)
	for i := range probes {
		go func() { probeErr <- probes[i].run(probeSocks[i][0], probeSocks[i][1], stop) }()
	}
	for _, tr := range []string{"tcp", "inproc"} {
		push, pull := newPair(ctx, tr, false)
		runs = append(runs, run{"push-pull " + tr, n, stormPair(tr, push, pull, n, t.Logf)})
	}
	for _, tr := range []string{"tcp", "inproc"} {
		// Every third call fails with EINTR, and another goroutine keeps
		// asking the receiving socket for ZMQ_EVENTS while it waits.
		push, pull := newPair(ctx, tr, true)
		name := "push-pull " + tr + " with injected EINTR"
		errc := make(chan error, 1)
		go func() {
			errc <- func() error {
				for {
					select {
					case <-stop:
						return nil
					default:
					}
					if _, err := pull.HasPollin(); err != nil {
						return fmt.Errorf("HasPollin while another goroutine receives: %w", err)
					}
					time.Sleep(50 * time.Microsecond)
				}
			}()
		}()
		pokers = append(pokers, errc)
		runs = append(runs, run{name, n, stormPair(name, push, pull, n, t.Logf)})
	}
	if len(targets) > 1 {
		runs = append(runs, run{fmt.Sprintf("mesh of %d libraries", len(targets)), meshN * len(targets) * (len(targets) - 1),
			stormMesh(meshCtxs, meshPushes, meshPulls, meshN)})
	}
	type result struct {
		run
		err  error
		took time.Duration
	}
	results := make(chan result, len(runs))
	for _, r := range runs {
		go func() {
			err := <-r.errc
			results <- result{r, err, time.Since(start)}
		}()
	}
	failed := false
	for range runs {
		select {
		case r := <-results:
			if r.err != nil {
				t.Errorf("storm: %s: %v", r.name, r.err)
				failed = true
				continue
			}
			t.Logf("storm: %s: %d messages, 0 lost, 0 duplicated, in order, in %v (%.0f msg/s)",
				r.name, r.msgs, r.took.Round(time.Millisecond), float64(r.msgs)/r.took.Seconds())
		case err := <-probeErr:
			t.Fatalf("storm: %v", err)
		}
	}
	close(stop)
	for range probes {
		require.NoError(t, <-probeErr, "storm")
	}
	for _, errc := range pokers {
		require.NoError(t, <-errc, "storm")
	}
	gcs, sent, seen, profBytes := noise.stop()
	retries := zmqffi.EINTRRetries() - eintr0
	var inj int64
	for _, c := range injected {
		inj += c.Load()
	}
	r := func(d time.Duration) time.Duration { return d.Round(time.Millisecond / 10) }
	for i, p := range probes {
		require.NotZero(t, p.n, "the timeout probe never completed a wait")
		t.Logf("storm: %d waits with a 200ms timeout%s took: Recv %v to %v, RecvInto %v to %v, Send %v to %v (a 200ms time.Sleep alongside: up to %v; allowed: %v more)",
			p.n, []string{"", " (injected EINTR)"}[i], r(p.min[0]), r(p.max[0]), r(p.min[1]), r(p.max[1]), r(p.min[2]), r(p.max[2]),
			r(p.sleepMax), timeoutMargin)
	}
	t.Logf("storm: %d EINTR retries in send/receive (%d injected, %d from signals), %d SIGURG sent to threads (%d seen by signal.Notify), %d GC cycles, CPU profile %d bytes, %v in all",
		retries, inj, int64(retries)-inj, sent, seen, gcs, profBytes, time.Since(start).Round(time.Millisecond))
	require.GreaterOrEqual(t, int64(retries), inj, "every injected EINTR must have been retried")
	if !failed {
		t.Log("storm: PASS")
	}
}

// stormMesh runs stormPair-like traffic from every context to every other:
// pushes[i][j] sends n messages, each carrying i, to pulls[j]; every receiver
// checks that each sender's messages arrive once, in order.
func stormMesh(ctxs []*zmqffi.Context, pushes [][]*zmqffi.Socket, pulls []*zmqffi.Socket, n int) <-chan error {
	k := len(ctxs)
	errc := make(chan error, k*k)
	for i := range pushes {
		for j, push := range pushes[i] {
			if push == nil {
				continue
			}
			go func() {
				name := fmt.Sprintf("%s→%s", ctxs[i].Version(), ctxs[j].Version())
				var buf [65]byte
				buf[0] = byte(i)
				for seq := uint64(0); seq < uint64(n); seq++ {
					f := stormFrame(buf[1:], seq)
					if err := push.Send(buf[:1+len(f)], 0); err != nil {
						errc <- fmt.Errorf("%s: send %d: %w", name, seq, err)
						return
					}
				}
				errc <- nil
			}()
		}
	}
	for j, pull := range pulls {
		go func() {
			errc <- func() error {
				next := make([]uint64, k)
				for got := 0; got < n*(k-1); got++ {
					b, err := pull.Recv(0)
					if err != nil {
						return fmt.Errorf("mesh: %s receiving, after %d messages: %w", ctxs[j].Version(), got, err)
					}
					if len(b) < 1 || int(b[0]) >= k || int(b[0]) == j {
						return fmt.Errorf("mesh: %s received a stray frame % x", ctxs[j].Version(), b)
					}
					i := int(b[0])
					if err := checkFrame(b[1:], next[i]); err != nil {
						return fmt.Errorf("mesh: %s→%s: %w", ctxs[i].Version(), ctxs[j].Version(), err)
					}
					next[i]++
				}
				return nil
			}()
		}()
	}
	return firstError(errc, k*(k-1)+k)
}
