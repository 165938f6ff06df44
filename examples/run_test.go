// Package examples holds the tests of the example programs under
// examples/: each test builds the programs it needs with "go build" and runs
// them as a user would, checking their exit status and output.
//
// The programs run against the default libzmq and against every library
// listed, colon-separated, in ZMQFFI_TEST_LIBS (sonames or paths). With more
// than one library, the Hello World server and client also run on two
// different libraries, talking to each other over tcp.
package examples

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// runTimeout bounds every program run.
const runTimeout = 60 * time.Second

// target is a libzmq to run the programs against.
type target struct {
	name   string // for subtest names
	soname string // for --soname; "" is the default search
}

func targets() []target {
	ts := []target{{name: "default"}}
	for _, p := range filepath.SplitList(os.Getenv("ZMQFFI_TEST_LIBS")) {
		if p = strings.TrimSpace(p); p != "" {
			ts = append(ts, target{name: filepath.Base(p), soname: p})
		}
	}
	return ts
}

// build compiles the named example programs into a fresh directory and
// returns it.
func build(t *testing.T, names ...string) string {
	t.Helper()
	return buildEnv(t, nil, names...)
}

// buildEnv is build with env (KEY=value) added to the go command's
// environment.
func buildEnv(t *testing.T, env []string, names ...string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the examples with: %v", err)
	}
	dir := t.TempDir()
	args := []string{"build", "-o", dir + string(filepath.Separator)}
	for _, n := range names {
		args = append(args, "./"+n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Env = append(testenv.GoBuildEnv(), env...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s go %s:\n%s", strings.Join(env, " "), strings.Join(args, " "), out)
	return dir
}

// process is a running example program.
type process struct {
	name   string
	args   []string
	cmd    *exec.Cmd
	cancel context.CancelFunc
	out    bytes.Buffer // stdout and stderr
}

// start starts program name from dir with args, feeding it stdin.
func start(t *testing.T, dir, name string, stdin string, args ...string) *process {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	p := &process{name: name, args: args, cancel: cancel}
	p.cmd = testenv.CommandContext(ctx, filepath.Join(dir, name), args...)
	p.cmd.Stdout = &p.out
	p.cmd.Stderr = &p.out
	p.cmd.Stdin = strings.NewReader(stdin)
	p.cmd.WaitDelay = 5 * time.Second
	require.NoError(t, p.cmd.Start(), "start %s", name)
	t.Cleanup(func() {
		// A test that failed early leaves its processes behind: end them,
		// and show what each one said.
		cancel()
		_ = p.cmd.Wait()
		if t.Failed() {
			t.Logf("%s %s:\n%s", name, strings.Join(args, " "), p.out.String())
		}
	})
	return p
}

// wait waits for the program to exit, requires exit status 0 and returns its
// output.
func (p *process) wait(t *testing.T) string {
	t.Helper()
	err := p.cmd.Wait()
	p.cancel()
	out := p.out.String()
	require.NoError(t, err, "%s %s exited with an error; output:\n%s", p.name, strings.Join(p.args, " "), out)
	return out
}

// run runs a program to its end, requiring exit status 0, and returns its
// output.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	return start(t, dir, name, "", args...).wait(t)
}

// freePort returns a tcp port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func sonameArg(tg target) string { return "--soname=" + tg.soname }

func TestVersion(t *testing.T) {
	t.Parallel()
	dir := build(t, "version")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			out := run(t, dir, "version", sonameArg(tg))
			require.Regexp(t, `(?m)^Current ZeroMQ version is \d+\.\d+\.\d+$`, out)
			require.Regexp(t, `(?m)^Loaded from /\S+`, out)
		})
	}
}

func TestVersionBadSoname(t *testing.T) {
	t.Parallel()
	dir := build(t, "version")
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := testenv.CommandContext(ctx, filepath.Join(dir, "version"), "--soname", "libzmq-that-does-not-exist.so.9")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "output:\n%s", out)
	require.Equal(t, 1, exit.ExitCode(), "output:\n%s", out)
	require.Contains(t, string(out), "libzmq-that-does-not-exist.so.9")
	require.NotContains(t, string(out), "panic")
}

func TestHello(t *testing.T) {
	t.Parallel()
	dir := build(t, "hello")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			out := run(t, dir, "hello", sonameArg(tg))
			require.Regexp(t, `(?m)^libzmq \d+\.\d+\.\d+ loaded from /\S+$`, out)
			require.Regexp(t, `(?m)^REP socket bound to (tcp://127\.0\.0\.1:\d+|inproc://hello)$`, out)
			require.Regexp(t, `(?m)^REQ socket connected to (tcp://127\.0\.0\.1:\d+|inproc://hello)$`, out)
			require.Contains(t, out, `REQ sent "Hello"`)
			require.Contains(t, out, `REP received "Hello"`)
			require.Contains(t, out, `REP sent "World"`)
			require.Contains(t, out, `REQ received "World"`)
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
		})
	}
}

// helloWorld runs hwserver on server and hwclient on client for three
// requests on a free port.
func helloWorld(t *testing.T, dir string, server, client target) {
	const count = 3
	port := freePort(t)
	srv := start(t, dir, "hwserver", "", sonameArg(server),
		"--endpoint=tcp://127.0.0.1:"+port, "--count="+strconv.Itoa(count), "--work=0")
	cl := run(t, dir, "hwclient", sonameArg(client),
		"--endpoint=tcp://127.0.0.1:"+port, "--count="+strconv.Itoa(count))
	so := srv.wait(t)

	require.Contains(t, cl, "Connecting to hello world server...")
	for i := range count {
		require.Contains(t, cl, fmt.Sprintf("Sending Hello %d...\n", i))
		require.Contains(t, cl, fmt.Sprintf("Received World %d\n", i))
	}
	require.Equal(t, count, strings.Count(so, "Received request: [Hello]\n"), "server output:\n%s", so)
}

func TestHelloWorldServerClient(t *testing.T) {
	t.Parallel()
	dir := build(t, "hwserver", "hwclient")
	ts := targets()
	for _, tg := range ts {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			helloWorld(t, dir, tg, tg)
		})
	}
	// Across libraries: each server with the next library's client.
	if len(ts) > 1 {
		for i, server := range ts {
			client := ts[(i+1)%len(ts)]
			t.Run(server.name+"-to-"+client.name, func(t *testing.T) {
				t.Parallel()
				helloWorld(t, dir, server, client)
			})
		}
	}
}

func TestPipeline(t *testing.T) {
	t.Parallel()
	dir := build(t, "taskvent", "taskwork", "tasksink")
	const tasks = 8
	n := strconv.Itoa(tasks)
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			vent := "tcp://127.0.0.1:" + freePort(t)
			sink := "tcp://127.0.0.1:" + freePort(t)
			sk := start(t, dir, "tasksink", "", sonameArg(tg), "--bind="+sink, "--tasks="+n)
			// Two workers share the batch and run until ended below.
			w1 := start(t, dir, "taskwork", "", sonameArg(tg), "--pull="+vent, "--push="+sink)
			w2 := start(t, dir, "taskwork", "", sonameArg(tg), "--pull="+vent, "--push="+sink)
			// Without --no-wait the ventilator waits for Enter: give it one,
			// once both workers have had a moment to connect.
			time.Sleep(200 * time.Millisecond)
			vo := start(t, dir, "taskvent", "\n", sonameArg(tg), "--bind="+vent, "--sink="+sink, "--tasks="+n).wait(t)
			require.Contains(t, vo, "Press Enter when the workers are ready: ")
			require.Contains(t, vo, "Sending tasks to workers...")
			require.Regexp(t, `Total expected cost: \d+ msec`, vo)

			// Workers run forever by default: end them once the sink has
			// every result.
			so := sk.wait(t)
			require.Regexp(t, `(?m)^Total elapsed time: \d+ msec$`, so)
			marks, _, _ := strings.Cut(so, "\n")
			require.Len(t, strings.Trim(marks, ".:"), 0, "a progress line of dots and colons; output:\n%s", so)
			require.Len(t, marks, tasks, "one mark per result; output:\n%s", so)
			for _, w := range []*process{w1, w2} {
				w.cancel()
				_ = w.cmd.Wait()
			}
		})
		t.Run(tg.name+"-no-wait", func(t *testing.T) {
			t.Parallel()
			vent := "tcp://127.0.0.1:" + freePort(t)
			sink := "tcp://127.0.0.1:" + freePort(t)
			sk := start(t, dir, "tasksink", "", sonameArg(tg), "--bind="+sink, "--tasks="+n)
			wk := start(t, dir, "taskwork", "", sonameArg(tg), "--pull="+vent, "--push="+sink, "--count="+n)
			vo := run(t, dir, "taskvent", sonameArg(tg), "--bind="+vent, "--sink="+sink, "--tasks="+n, "--no-wait")
			wo := wk.wait(t)
			so := sk.wait(t)

			require.NotContains(t, vo, "Press Enter")
			require.Regexp(t, `Total expected cost: \d+ msec`, vo)
			require.Contains(t, wo, fmt.Sprintf("Processed %d tasks", tasks))
			require.Equal(t, tasks, strings.Count(wo, "."), "one dot per task; output:\n%s", wo)
			require.Regexp(t, `(?m)^Total elapsed time: \d+ msec$`, so)
		})
	}
}

func TestWeather(t *testing.T) {
	t.Parallel()
	dir := build(t, "wuserver", "wuclient")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			endpoint := "tcp://127.0.0.1:" + freePort(t)
			// Zip codes 10000 and 10001 only, so half the updates match the
			// client's default filter; a few seconds of updates, enough for a
			// subscriber that joins late.
			srv := start(t, dir, "wuserver", "", sonameArg(tg), "--endpoint="+endpoint,
				"--count=4000", "--interval=1ms", "--zip-min=10000", "--zip-max=10001")
			cl := run(t, dir, "wuclient", sonameArg(tg), "--endpoint="+endpoint, "--updates=5")
			so := srv.wait(t)

			require.Contains(t, cl, "Collecting updates from weather server...")
			require.Regexp(t, `(?m)^Average temperature for zipcode '10001 ' was -?\d+F$`, cl)
			require.Contains(t, so, "Published 4000 updates")
		})
		t.Run(tg.name+"-zipcode-argument", func(t *testing.T) {
			t.Parallel()
			endpoint := "tcp://127.0.0.1:" + freePort(t)
			srv := start(t, dir, "wuserver", "", sonameArg(tg), "--endpoint="+endpoint,
				"--count=4000", "--interval=1ms", "--zip-min=12344", "--zip-max=12345")
			cl := run(t, dir, "wuclient", sonameArg(tg), "--endpoint="+endpoint, "--updates=3", "12345")
			srv.wait(t)
			require.Regexp(t, `(?m)^Average temperature for zipcode '12345 ' was -?\d+F$`, cl)
		})
	}
}

func TestCurve(t *testing.T) {
	t.Parallel()
	dir := build(t, "curve")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			// What the library can do, asked in this process.
			ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.soname))
			require.NoError(t, err)
			hasCurve, err := ctx.Has("curve")
			require.NoError(t, err)
			require.NoError(t, ctx.Term())

			out := run(t, dir, "curve", sonameArg(tg))
			require.Regexp(t, `(?m)^libzmq \d+\.\d+\.\d+ loaded from /\S+$`, out)
			if !hasCurve {
				require.Regexp(t, `(?m)^libzmq \S+ has no CURVE `, out)
				require.NotContains(t, out, "\nok\n")
				return
			}
			require.Regexp(t, `(?m)^server public key \S{40}$`, out)
			require.Regexp(t, `(?m)^client public key \S{40}$`, out)
			require.Regexp(t, `(?m)^CURVE server bound to tcp://127\.0\.0\.1:\d+$`, out)
			require.Contains(t, out, `server received "Hello" over CURVE`)
			require.Contains(t, out, `client received "World"`)
			require.Regexp(t, `(?m)^intruder with key \S{40} refused: nothing arrived in 500ms$`, out)
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
		})
	}
}

func TestEventLoop(t *testing.T) {
	t.Parallel()
	dir := build(t, "eventloop")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			out := run(t, dir, "eventloop", sonameArg(tg), "--messages=12")
			require.Regexp(t, `(?m)^libzmq \d+\.\d+\.\d+ loaded from /\S+$`, out)
			require.Regexp(t, `(?m)^PULL bound to tcp://127\.0\.0\.1:\d+; watching its ZMQ_FD \(\d+\) through a duplicate$`, out)
			require.Regexp(t, `(?m)^drain \d+: \d+ message\(s\), 12 of 12$`, out)
			require.Regexp(t, `(?m)^received 12 messages in \d+ drains$`, out)
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
		})
	}
}

func TestPoller(t *testing.T) {
	t.Parallel()
	dir := build(t, "poller")
	// By default: the system libzmq and a temporary copy of it.
	out := run(t, dir, "poller")
	require.Regexp(t, `(?m)^context 1: libzmq \d+\.\d+\.\d+ from /\S+$`, out)
	require.Regexp(t, `(?m)^context 2: libzmq \d+\.\d+\.\d+ from /\S+$`, out)
	require.Regexp(t, `(?m)^pipe \(fd \d+\) readable: every PUSH has sent$`, out)
	require.Equal(t, 6, strings.Count(out, " PULL received "), "output:\n%s", out)
	require.Regexp(t, `(?m)^received 6 messages on 2 libraries \(\S+ #1, \S+ #2\) in \d+ polls$`, out)
	require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)

	// Every library given, in one Poller.
	var libs []string
	for _, tg := range targets() {
		if tg.soname != "" {
			libs = append(libs, tg.soname)
		}
	}
	if n := len(libs); n > 0 {
		out = run(t, dir, "poller", append([]string{"--count=2"}, libs...)...)
		require.Regexp(t, fmt.Sprintf(`(?m)^received %d messages on %d libraries `, 2*n, n), out)
		require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
	}
}

// TestFeatureExamples runs the examples of the monitor, the steerable proxy,
// zero-copy and the draft RADIO/DISH sockets on every target; each adapts to
// what its library can do and says so.
func TestFeatureExamples(t *testing.T) {
	t.Parallel()
	dir := build(t, "monitor", "proxy", "zerocopy", "radiodish")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.soname))
			require.NoError(t, err)
			v := ctx.Version()
			require.NoError(t, ctx.Term())

			out := run(t, dir, "zerocopy", sonameArg(tg), "--size=65536", "--count=20")
			require.Contains(t, out, "every buffer released")
			out = run(t, dir, "radiodish", sonameArg(tg))
			require.True(t, strings.Contains(out, "group \"weather\"") || strings.Contains(out, "no draft sockets"), out)
			out = run(t, dir, "proxy", sonameArg(tg))
			require.Contains(t, out, `worker got "first"`)
			if v.Major >= 4 {
				require.Contains(t, out, "nothing came through while paused")
				require.Contains(t, out, "proxy terminated")
			}
			if v.Major >= 3 {
				out = run(t, dir, "monitor", sonameArg(tg))
				require.Contains(t, out, "ACCEPTED")
				require.Contains(t, out, "ok")
			}
		})
	}
}

// TestEventExamples runs the examples of Channel, ConnState and a CURVE
// certificate directory on every target.
func TestEventExamples(t *testing.T) {
	t.Parallel()
	dir := build(t, "broker", "waitconnected", "curvedir")
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.soname))
			require.NoError(t, err)
			v := ctx.Version()
			hasCurve, err := ctx.Has("curve")
			require.NoError(t, err)
			require.NoError(t, ctx.Term())

			out := run(t, dir, "broker", sonameArg(tg), "--clients=3", "--requests=50")
			require.Regexp(t, `(?m)^broker: ROUTER bound to \S+$`, out)
			require.Regexp(t, `(?m)^tick \d+: \d+ of 150 requests answered$`, out)
			require.Contains(t, out, "answered 150 requests from 3 clients\n")
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)

			sock := filepath.Join(t.TempDir(), "wc.sock")
			out = run(t, dir, "waitconnected", sonameArg(tg), "--endpoint=ipc://"+sock, "--delay=300ms")
			if v.Major < 3 {
				require.Contains(t, out, "cannot tell when a socket is connected")
			} else {
				require.Contains(t, out, "client: connected after the server bound, to [{ipc://"+sock)
			}
			require.Contains(t, out, `client: received "reply to first request"`)
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)

			out = run(t, dir, "curvedir", sonameArg(tg))
			if !hasCurve {
				require.Contains(t, out, "has no CURVE")
				return
			}
			require.Regexp(t, `(?m)^CURVE server bound to tcp://127\.0\.0\.1:\d+$`, out)
			require.Contains(t, out, "hello from alice")
			require.Contains(t, out, "mallory refused: nothing arrived in 500ms\n")
			require.Contains(t, out, "mallory admitted after her certificate was added")
			require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
		})
	}
}
