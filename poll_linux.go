package zmqffi

import (
	"syscall"
	"time"
	"unsafe"
)

// sysPoll is ppoll(2) with a timeout of d (≥ 0), through ts, which must not
// be on the stack of a goroutine that the call could move.
func sysPoll(fds []pollFD, d time.Duration, ts *syscall.Timespec) (int, syscall.Errno) {
	*ts = syscall.NsecToTimespec(int64(d))
	r, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(unsafe.SliceData(fds))), uintptr(len(fds)), uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	return int(r), e
}
