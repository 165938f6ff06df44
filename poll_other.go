//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd && !windows

package zmqffi

import (
	"syscall"
	"time"
)

// sysPoll is not implemented here: a Poller whose sockets all come from one
// library still works (through zmq_poll).
func sysPoll([]pollFD, time.Duration, *syscall.Timespec) (int, syscall.Errno) {
	return 0, syscall.ENOSYS
}
