package conformance

import (
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// pipe returns the two ends of a loopback TCP connection, closed when the
// test ends: zmq_poll on Windows watches SOCKETs only (a pipe there makes
// libzmq abort), so they stand in for a pipe's two ends.
func pipe(t testing.TB) (r, w pollEnd) {
	t.Helper()
	l, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer l.Close()
	wc, err := net.DialTCP("tcp4", nil, l.Addr().(*net.TCPAddr))
	require.NoError(t, err)
	t.Cleanup(func() { wc.Close() })
	rc, err := l.AcceptTCP()
	require.NoError(t, err)
	t.Cleanup(func() { rc.Close() })
	return &socketEnd{rc, socketOf(t, rc)}, &socketEnd{wc, socketOf(t, wc)}
}

type socketEnd struct {
	*net.TCPConn
	fd uintptr
}

func (s *socketEnd) Fd() uintptr { return s.fd }

func socketOf(t testing.TB, c *net.TCPConn) uintptr {
	rc, err := c.SyscallConn()
	require.NoError(t, err)
	var fd uintptr
	require.NoError(t, rc.Control(func(s uintptr) { fd = s }))
	return fd
}

var afUnix = sync.OnceValue(func() error {
	dir, err := os.MkdirTemp("", "zq")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	l, err := net.Listen("unix", filepath.Join(dir, "probe"))
	if err == nil {
		l.Close()
	}
	return err
})

// skipWithoutAFUnix skips a test of ipc:// where Windows has no AF_UNIX
// sockets (before Windows 10 1803; wine before 9.0), as libzmq then cannot
// bind or connect ipc endpoints.
func skipWithoutAFUnix(t testing.TB) {
	t.Helper()
	if err := afUnix(); err != nil {
		t.Skipf("ipc: no AF_UNIX sockets on this Windows: %v", err)
	}
}
