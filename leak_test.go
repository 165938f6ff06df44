package zmqffi_test

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// Leak tests: goroutines, file descriptors, OS threads and memory after
// contexts and sockets come and go. The counts are small by default; the
// stress script raises them:
//
//	ZMQFFI_LEAK_CONTEXTS  context create/term cycles (default 1,000)
//	ZMQFFI_LEAK_SOCKETS   socket create/close cycles (default 2,000)
//	ZMQFFI_LEAK_MSGS      messages sent and received (default 100,000)

// statusValue reads a numeric field of /proc/self/status ("Threads",
// "VmRSS" in kB); the test is skipped where there is no procfs.
func statusValue(t *testing.T, field string) int {
	t.Helper()
	linuxProc(t)
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			require.NoError(t, err, line)
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// linuxProc skips a measurement read from Linux's /proc/self elsewhere:
// under wine the path leads to the host's /proc, which describes the wine
// process, not the Windows program.
func linuxProc(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("reads /proc/self, which is Linux's (GOOS %s)", runtime.GOOS)
	}
}

// countFDs counts the process's open file descriptors.
func countFDs(t *testing.T) int {
	t.Helper()
	linuxProc(t)
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// fdList names the open descriptors, for failure messages.
func fdList() string {
	ents, _ := os.ReadDir("/proc/self/fd")
	var b strings.Builder
	for _, e := range ents {
		l, _ := os.Readlink("/proc/self/fd/" + e.Name())
		fmt.Fprintf(&b, "%s→%s ", e.Name(), l)
	}
	return b.String()
}

// settleCleanups lets cleanups of earlier tests run, so that they do not count.
func settleCleanups() {
	for i := 0; i < 3; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// busyContext opens a context on tg and uses it the ways that take
// resources: tcp, ipc and inproc endpoints, a message each way, waits that
// make the dup of ZMQ_FD, a receive blocked when Term comes. It returns the
// context and a channel that gets the blocked receive's error.
func busyContext(t *testing.T, tg testenv.Target) (*zmqffi.Context, <-chan error) {
	t.Helper()
	ctx := openCtx(t, tg)
	for _, tr := range []string{"tcp", "ipc", "inproc"} {
		pull, err := ctx.Socket(zmqffi.PULL)
		require.NoError(t, err)
		require.NoError(t, pull.SetRcvTimeout(lifecycleLimit))
		ep := conformance.BindEndpoint(t, pull, tr)
		push, err := ctx.Socket(zmqffi.PUSH)
		require.NoError(t, err)
		require.NoError(t, push.Connect(ep))
		go func() {
			time.Sleep(2 * time.Millisecond) // the receive below waits for it
			_ = push.SendString("hello", 0)
		}()
		got, err := pull.RecvString(0)
		require.NoError(t, err)
		require.Equal(t, "hello", got)
	}
	blocked, err := ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	conformance.BindEndpoint(t, blocked, "inproc")
	errc := make(chan error, 1)
	go func() {
		_, err := blocked.Recv(0)
		errc <- err
	}()
	time.Sleep(2 * time.Millisecond)
	return ctx, errc
}

func TestLeakGoroutinesAfterTerm(t *testing.T) {
	settleCleanups()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, tg := range testenv.Targets(t) {
		ctx, errc := busyContext(t, tg)
		require.NoError(t, ctx.Term())
		awaitClosed(t, "the receive Term interrupts", errc, 1, false)
	}
}

func TestLeakFDsAfterTerm(t *testing.T) {
	targets := testenv.Targets(t)
	// One round first: the netpoller's own descriptors are made once.
	for _, tg := range targets {
		ctx, errc := busyContext(t, tg)
		require.NoError(t, ctx.Term())
		<-errc
	}
	settleCleanups()
	before := countFDs(t)
	list := fdList()
	for round := 0; round < 5; round++ {
		for _, tg := range targets {
			ctx, errc := busyContext(t, tg)
			require.Greater(t, countFDs(t), before, "a busy context holds descriptors")
			require.NoError(t, ctx.Term())
			awaitClosed(t, "the receive Term interrupts", errc, 1, false)
		}
	}
	after := countFDs(t)
	t.Logf("open descriptors: %d before, %d after 5 rounds on %d libraries", before, after, len(targets))
	require.LessOrEqual(t, after, before, "descriptors left open after Term\nbefore: %s\nafter:  %s", list, fdList())
}

// zmqThreads counts the threads libzmq named its own ("ZMQbg/Reaper",
// "ZMQbg/IO/0", ...; 4.3 names them, older releases do not).
func zmqThreads(t *testing.T) int {
	t.Helper()
	linuxProc(t)
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Skipf("no /proc/self/task: %v", err)
	}
	n := 0
	for _, task := range tasks {
		comm, err := os.ReadFile("/proc/self/task/" + task.Name() + "/comm")
		if err == nil && strings.HasPrefix(string(comm), "ZMQbg") {
			n++
		}
	}
	return n
}

// TestLeakForgottenContext drops contexts with open sockets: their cleanups
// must terminate them, giving back libzmq's threads and descriptors. (The Go
// runtime keeps the threads it started for the terminations, which block in
// C, so libzmq's own threads are counted, where it names them.)
func TestLeakForgottenContext(t *testing.T) {
	targets := testenv.Targets(t)
	forgetContexts(t, targets) // warm up
	settleCleanups()
	fds, zthreads := countFDs(t), zmqThreads(t)
	for i := 0; i < 3; i++ {
		forgetContexts(t, targets)
	}
	require.Greater(t, countFDs(t), fds, "the forgotten contexts hold descriptors")
	zduring := zmqThreads(t)
	deadline := time.Now().Add(lifecycleLimit)
	for {
		runtime.GC()
		nfds, nz := countFDs(t), zmqThreads(t)
		if nfds <= fds && nz <= zthreads {
			t.Logf("descriptors %d → %d, libzmq threads %d → %d (%d while forgotten)", fds, nfds, zthreads, nz, zduring)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("forgotten contexts were not terminated after %v: %d descriptors (%d before), %d libzmq threads (%d before)",
				lifecycleLimit, nfds, fds, nz, zthreads)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func forgetContexts(t *testing.T, targets []testenv.Target) {
	for _, tg := range targets {
		ctx := openCtx(t, tg)
		for i := 0; i < 3; i++ {
			s, err := ctx.Socket(zmqffi.PULL)
			require.NoError(t, err)
			conformance.BindEndpoint(t, s, "tcp")
			require.NoError(t, s.SetRcvTimeout(time.Millisecond))
			_, err = s.Recv(0) // makes the dup
			require.Error(t, err)
		}
	}
}

// TestLeakThreadsContextCycles creates and terminates contexts, each with a
// socket (libzmq starts its threads with the first socket), and requires the
// thread count to stay where it was.
func TestLeakThreadsContextCycles(t *testing.T) {
	n := envCount(t, "ZMQFFI_LEAK_CONTEXTS", 1000)
	targets := testenv.Targets(t)
	cycle := func(tg testenv.Target) {
		ctx := openCtx(t, tg)
		s, err := ctx.Socket(zmqffi.PAIR)
		require.NoError(t, err)
		require.NoError(t, s.Bind("inproc://threads"))
		require.NoError(t, ctx.Term())
	}
	for i := 0; i < 20; i++ {
		cycle(targets[i%len(targets)])
	}
	settleCleanups()
	before, zbefore := statusValue(t, "Threads"), zmqThreads(t)
	start := time.Now()
	peak := before
	for i := 0; i < n; i++ {
		cycle(targets[i%len(targets)])
		if i%100 == 0 {
			peak = max(peak, statusValue(t, "Threads"))
		}
	}
	settleCleanups()
	after, zafter := statusValue(t, "Threads"), zmqThreads(t)
	t.Logf("OS threads: %d before, %d after %d context cycles over %d libraries (peak seen %d; libzmq's own %d → %d), %v",
		before, after, n, len(targets), peak, zbefore, zafter, time.Since(start).Round(time.Millisecond))
	require.Equal(t, zbefore, zafter, "libzmq threads left running")
	// The Go runtime may start an M or two for calls that block in C; a
	// leak would be two threads (reaper and I/O thread) per cycle.
	require.LessOrEqual(t, after, before+4, "OS threads grew")
}

// memUse returns the live Go heap after a collection and the RSS (after
// malloc_trim where glibc has it), in bytes.
func memUse(t *testing.T) (heap uint64, rss int) {
	settleCleanups()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if mallocTrim != nil {
		mallocTrim(0)
	}
	return ms.HeapAlloc, statusValue(t, "VmRSS") * 1024
}

// checkFlat measures fn(n) after a warm-up of fn(n/4) and requires the heap
// and the RSS not to grow by more than the given bytes. Other work in the
// process (the Go runtime, libzmq threads of other tests) can move the RSS by
// a few MB once, while a leak grows it on every batch; so a batch that grew
// too much is measured again, up to three times, and the test fails only
// when all three grew.
func checkFlat(t *testing.T, what string, n int, maxHeap uint64, maxRSS int, fn func(n int)) {
	fn(max(n/4, 1))
	mb := func(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	trimmed := ""
	if mallocTrim != nil {
		trimmed = " (after malloc_trim)"
	}
	var heapGrew int64
	var rssGrew int
	for attempt := 1; attempt <= 3; attempt++ {
		heap0, rss0 := memUse(t)
		start := time.Now()
		fn(n)
		took := time.Since(start)
		heap1, rss1 := memUse(t)
		t.Logf("%s: batch %d: %s ×%d in %v: Go heap %s → %s, RSS%s %s → %s", t.Name(), attempt, what, n,
			took.Round(time.Millisecond), mb(int64(heap0)), mb(int64(heap1)), trimmed, mb(int64(rss0)), mb(int64(rss1)))
		heapGrew, rssGrew = int64(heap1)-int64(heap0), rss1-rss0
		if testenv.Race {
			rssGrew = 0 // the race detector's shadow memory grows the RSS on its own
		}
		if heapGrew <= int64(maxHeap) && rssGrew <= maxRSS {
			return
		}
	}
	require.LessOrEqual(t, heapGrew, int64(maxHeap), "Go heap grew in each of three batches")
	require.LessOrEqual(t, rssGrew, maxRSS, "RSS grew in each of three batches")
}

// TestLeakMemorySocketCycles creates, uses and closes sockets. libzmq
// destroys a closed socket later, on its reaper thread, once its peer has
// processed the pipe's termination; a socket closed but not yet destroyed
// still counts against the context's MAX_SOCKETS (zmq_socket fails with
// EMFILE when 1023 are pending). So the loop pauses every 100 sockets until
// libzmq has destroyed them: each holds a descriptor (its mailbox) until then.
func TestLeakMemorySocketCycles(t *testing.T) {
	n := envCount(t, "ZMQFFI_LEAK_SOCKETS", 2000)
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := conformance.NewContext(t, tg)
			peer := conformance.NewSocket(t, ctx, zmqffi.PULL)
			ep := conformance.BindEndpoint(t, peer, "inproc")
			fds := countFDs(t)
			reaped := func() {
				deadline := time.Now().Add(lifecycleLimit)
				for countFDs(t) > fds+10 {
					_, _ = peer.HasPollin() // the peer's side of the pipe terminations
					if time.Now().After(deadline) {
						t.Fatalf("closed sockets not destroyed by libzmq after %v: %d descriptors, %d before", lifecycleLimit, countFDs(t), fds)
					}
					time.Sleep(time.Millisecond)
				}
			}
			checkFlat(t, "socket create/connect/send/close", n, 1<<20, 8<<20, func(n int) {
				for i := 0; i < n; i++ {
					s, err := ctx.Socket(zmqffi.PUSH)
					require.NoError(t, err)
					require.NoError(t, s.Connect(ep))
					require.NoError(t, s.SetSndTimeout(lifecycleLimit))
					require.NoError(t, s.SendString("x", 0))
					_, err = peer.Recv(0)
					require.NoError(t, err)
					if i%2 == 0 {
						// A receive that waits (a microsecond) makes the
						// socket's dup of ZMQ_FD.
						r, err := ctx.Socket(zmqffi.PULL)
						require.NoError(t, err)
						require.NoError(t, r.SetRcvTimeout(time.Microsecond))
						_, err = r.Recv(0)
						require.ErrorIs(t, err, syscall.EAGAIN)
						require.NoError(t, r.Close())
					}
					require.NoError(t, s.Close())
					if i%100 == 99 {
						reaped()
					}
				}
				reaped()
			})
			require.Equal(t, 1, zmqffi.LiveSockets(ctx))
		})
	}
}

func TestLeakMemoryMessages(t *testing.T) {
	n := envCount(t, "ZMQFFI_LEAK_MSGS", 100_000)
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := conformance.NewContext(t, tg)
			pull := conformance.NewSocket(t, ctx, zmqffi.PULL)
			push := conformance.NewSocket(t, ctx, zmqffi.PUSH)
			for _, s := range []*zmqffi.Socket{pull, push} {
				// 2.x queues without limit by default.
				require.NoError(t, s.SetSndHWM(1000))
				require.NoError(t, s.SetRcvHWM(1000))
			}
			require.NoError(t, push.Connect(conformance.BindEndpoint(t, pull, "tcp")))
			// 1 KB frames are allocated by libzmq, so a zmq_msg_t that is not
			// closed would show in the RSS; so would a 400 B frame (kept by
			// Recv until the next receive) that zmq_msg_recv did not release.
			frame := bytes.Repeat([]byte("m"), 1024)
			buf := make([]byte, 2048)
			checkFlat(t, "1 KB send/receive", n, 1<<20, 8<<20, func(n int) {
				errc := make(chan error, 1)
				go func() {
					for i := 0; i < n; i++ {
						if i%3 == 2 {
							if err := push.SendMultipart([][]byte{frame[:400], frame}, 0); err != nil {
								errc <- err
								return
							}
							continue
						}
						if err := push.Send(frame, 0); err != nil {
							errc <- err
							return
						}
					}
					errc <- nil
				}()
				for i := 0; i < n; i++ {
					switch i % 3 {
					case 0:
						k, err := pull.RecvInto(buf, 0)
						require.NoError(t, err)
						require.Equal(t, len(frame), k)
					case 1:
						b, err := pull.Recv(0)
						require.NoError(t, err)
						require.Len(t, b, len(frame))
					case 2:
						parts, err := pull.RecvMultipart(0)
						require.NoError(t, err)
						require.Len(t, parts, 2)
					}
				}
				require.NoError(t, <-errc)
			})
		})
	}
}
