package zmqffi

import (
	"syscall"
	"time"
	"unsafe"
)

// pollFD is WSAPOLLFD: a SOCKET, then the events. On Windows ZMQ_FD is a
// SOCKET, so a Poller over sockets of several libraries waits in WSAPoll.
type pollFD struct {
	fd      sysFD
	events  int16
	revents int16
}

// sysFD is SOCKET.
type sysFD = uintptr

// noFD (INVALID_SOCKET, negative as a signed SOCKET) makes WSAPoll skip an
// entry.
const noFD sysFD = ^sysFD(0)

// WSAPoll event bits (winsock2.h): POLLIN is POLLRDNORM|POLLRDBAND.
const (
	sysPollIn   = 0x0300
	sysPollPri  = 0x0400
	sysPollOut  = 0x0010
	sysPollErr  = 0x0001
	sysPollHup  = 0x0002
	sysPollNval = 0x0004
)

var procWSAPoll = syscall.NewLazyDLL("ws2_32.dll").NewProc("WSAPoll")

// sysPoll is WSAPoll with a timeout of d (≥ 0), rounded up to milliseconds.
func sysPoll(fds []pollFD, d time.Duration, _ *syscall.Timespec) (int, syscall.Errno) {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	// SyscallN rather than LazyProc.Call, which allocates: Poll does not.
	r, _, e := syscall.SyscallN(procWSAPoll.Addr(), uintptr(unsafe.Pointer(unsafe.SliceData(fds))), uintptr(len(fds)), uintptr(int32(ms)))
	if int32(r) < 0 {
		if e == 0 {
			e = syscall.EINVAL
		}
		return 0, e
	}
	return int(r), 0
}
