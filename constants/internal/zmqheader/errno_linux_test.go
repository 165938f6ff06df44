//go:build linux

package zmqheader

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLinuxErrnoMatchesSyscall checks the hard-coded table (kept platform
// independent so that the generator gives the same output everywhere)
// against the Go syscall package of the Linux build.
func TestLinuxErrnoMatchesSyscall(t *testing.T) {
	want := map[string]syscall.Errno{
		"ENOTSUP": syscall.ENOTSUP, "EPROTONOSUPPORT": syscall.EPROTONOSUPPORT,
		"ENOBUFS": syscall.ENOBUFS, "ENETDOWN": syscall.ENETDOWN,
		"EADDRINUSE": syscall.EADDRINUSE, "EADDRNOTAVAIL": syscall.EADDRNOTAVAIL,
		"ECONNREFUSED": syscall.ECONNREFUSED, "EINPROGRESS": syscall.EINPROGRESS,
		"ENOTSOCK": syscall.ENOTSOCK, "EMSGSIZE": syscall.EMSGSIZE,
		"EAFNOSUPPORT": syscall.EAFNOSUPPORT, "ENETUNREACH": syscall.ENETUNREACH,
		"ECONNABORTED": syscall.ECONNABORTED, "ECONNRESET": syscall.ECONNRESET,
		"ENOTCONN": syscall.ENOTCONN, "ETIMEDOUT": syscall.ETIMEDOUT,
		"EHOSTUNREACH": syscall.EHOSTUNREACH, "ENETRESET": syscall.ENETRESET,
		"EAGAIN": syscall.EAGAIN, "EINTR": syscall.EINTR, "EINVAL": syscall.EINVAL,
		"EFAULT": syscall.EFAULT, "ENOMEM": syscall.ENOMEM, "ENODEV": syscall.ENODEV,
		"ENOENT": syscall.ENOENT, "EMFILE": syscall.EMFILE,
	}
	assert.Len(t, LinuxErrno, len(want))
	for name, errno := range want {
		assert.Equal(t, int64(errno), LinuxErrno[name], name)
	}
}
