//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package zmqffi

import (
	"syscall"
	"time"
	"unsafe"
)

// sysPoll is poll(2) with a timeout of d (≥ 0), rounded up to milliseconds.
func sysPoll(fds []pollFD, d time.Duration, _ *syscall.Timespec) (int, syscall.Errno) {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	r, _, e := syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(unsafe.SliceData(fds))), uintptr(len(fds)), uintptr(ms))
	return int(r), e
}
