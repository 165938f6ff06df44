package zmqffi_test

import (
	"bufio"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// buildExitProg builds testdata/exitprog, the helper program of the exit
// tests, once per test binary.
func buildExitProg(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go tool is needed to build the exit helper: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "exitprog")
	cmd := exec.Command(goTool, "build", "-o", bin, "./testdata/exitprog")
	cmd.Env = testenv.GoBuildEnv()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building testdata/exitprog:\n%s", out)
	return bin
}

// TestExit runs programs that return from main with libzmq state left behind
// (exit within a second), and programs that close their socket and terminate
// the context with queued messages (every message delivered, to a peer that
// starts later in another process, before they exit).
func TestExit(t *testing.T) {
	bin := buildExitProg(t)
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			t.Run("Forget", func(t *testing.T) { testExitForget(t, bin, tg) })
			t.Run("Linger", func(t *testing.T) { testExitLinger(t, bin, tg) })
		})
	}
}

// helperProc is a running exitprog.
type helperProc struct {
	cmd    *exec.Cmd
	lines  chan string // its stdout, line by line; closed at EOF
	stderr strings.Builder
	done   chan struct{} // closed when it has exited
	err    error         // its exit status, once done is closed
}

// exitProg starts the helper.
func exitProg(t *testing.T, bin string, args ...string) *helperProc {
	t.Helper()
	p := &helperProc{cmd: testenv.Command(bin, args...), lines: make(chan string, 16), done: make(chan struct{})}
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitLine waits for the helper's next line, which must start with prefix.
func (p *helperProc) waitLine(t *testing.T, prefix string) string {
	t.Helper()
	select {
	case l, ok := <-p.lines:
		require.True(t, ok, "the helper ended without printing %q; stderr: %s", prefix, &p.stderr)
		require.True(t, strings.HasPrefix(l, prefix), "got %q, want %q...", l, prefix)
		return l
	case <-time.After(lifecycleLimit):
		t.Fatalf("the helper did not print %q within %v", prefix, lifecycleLimit)
		return ""
	}
}

// waitExit waits at most limit for the helper to exit and requires status 0.
func (p *helperProc) waitExit(t *testing.T, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	select {
	case <-p.done:
		require.NoError(t, p.err, "stderr: %s", &p.stderr)
		return time.Since(start)
	case <-time.After(limit):
		t.Fatalf("the helper was still running %v after main returned", limit)
		return 0
	}
}

func testExitForget(t *testing.T, bin string, tg testenv.Target) {
	p := exitProg(t, bin, "forget", tg.Soname)
	p.waitLine(t, "main returns")
	took := p.waitExit(t, time.Second)
	t.Logf("exited %.1f ms after main returned", float64(took)/1e6)
}

func testExitLinger(t *testing.T, bin string, tg testenv.Target) {
	const n = 500
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ep := fmt.Sprintf("tcp://127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port)
	require.NoError(t, l.Close())

	p := exitProg(t, bin, "linger", tg.Soname, ep, strconv.Itoa(n))
	p.waitLine(t, "queued")
	// The helper now waits in Term for its queued messages: it must not exit.
	select {
	case <-p.done:
		t.Fatalf("the helper exited before its queued messages were delivered (%v); stderr: %s", p.err, &p.stderr)
	case <-time.After(200 * time.Millisecond):
	}

	// The peer starts now, in this process, on the system libzmq.
	ctx := conformance.NewContext(t, testenv.Target{Name: "system"})
	pull := conformance.NewSocket(t, ctx, zmqffi.PULL)
	require.NoError(t, pull.Bind(ep))
	for i := 0; i < n; i++ {
		got, err := pull.RecvString(0)
		require.NoError(t, err, "message %d of %d", i, n)
		require.Equal(t, strconv.Itoa(i), got)
	}
	line := p.waitLine(t, "terminated")
	took := p.waitExit(t, time.Second)
	t.Logf("%d queued messages delivered; helper %s, exited %.1f ms later", n, line, float64(took)/1e6)
	_, err = pull.Recv(zmqffi.DontWait)
	assert.Error(t, err, "nothing after the last message")
}
