//go:build linux && (amd64 || arm64) && !zmqffi_purego

package abi

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
)

// ReleaseSlots is how many lent frames the release queue tracks at once;
// hints passed with ReleaseFunc must be 1 to ReleaseSlots.
const ReleaseSlots = 1 << 14

// The release queue, written by zcrelease (release_linux_GOARCH.s) on
// whichever thread libzmq frees a lent frame: a lock-free stack of slots
// (releaseHead is the top slot's hint, 0 for none; releaseNext[h-1] the
// hint under h), and an eventfd written when releaseWake goes from 0 to 1.
// No Go code runs on libzmq's threads: a purego callback there costs about
// as much as the rest of a 64 KiB zero-copy transfer.
var (
	releaseNext [ReleaseSlots]uint64
	releaseHead uint64
	releaseWake uint32
	releaseFD   int64  = -1
	releaseOne  uint64 = 1

	// releaseFnABI0 is the address of zcrelease.
	releaseFnABI0 uintptr

	releaseOnce sync.Once
	releaseFile *os.File
	releaseErr  error
)

// ReleaseQueue returns the C free function (zmq_free_fn) that queues its
// hint, and a file that becomes readable when hints are queued: read it
// (8 bytes), then call TakeReleased. It is set up once per process.
func ReleaseQueue() (fn uintptr, wake *os.File, err error) {
	releaseOnce.Do(func() {
		const efdNonblock, efdCloexec = 0x800, 0x80000
		fd, _, e := syscall.Syscall(syscall.SYS_EVENTFD2, 0, efdNonblock|efdCloexec, 0)
		if e != 0 {
			releaseErr = os.NewSyscallError("eventfd2", e)
			return
		}
		atomic.StoreInt64(&releaseFD, int64(fd))
		releaseFile = os.NewFile(fd, "zmqffi-release")
	})
	return releaseFnABI0, releaseFile, releaseErr
}

// TakeReleased calls visit with every hint queued since the last call, after
// re-arming the wake-up: a hint queued while it runs wakes the reader again.
func TakeReleased(visit func(hint uintptr)) {
	atomic.StoreUint32(&releaseWake, 0)
	for h := atomic.SwapUint64(&releaseHead, 0); h != 0; {
		next := atomic.LoadUint64(&releaseNext[h-1])
		visit(uintptr(h))
		h = next
	}
}
