package conformance

import (
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// pipe returns two loopback UDP sockets, the second connected to the first,
// closed when the test ends: zmq_poll on Windows watches SOCKETs only (a
// pipe there makes libzmq abort), so they stand in for a pipe's two ends.
func pipe(t testing.TB) (r, w pollEnd) {
	t.Helper()
	rc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	t.Cleanup(func() { rc.Close() })
	wc, err := net.DialUDP("udp4", nil, rc.LocalAddr().(*net.UDPAddr))
	require.NoError(t, err)
	t.Cleanup(func() { wc.Close() })
	return &socketEnd{rc, socketOf(t, rc)}, &socketEnd{wc, socketOf(t, wc)}
}

type socketEnd struct {
	*net.UDPConn
	fd uintptr
}

func (s *socketEnd) Fd() uintptr { return s.fd }

func socketOf(t testing.TB, c *net.UDPConn) uintptr {
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
