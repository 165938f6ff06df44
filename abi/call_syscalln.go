package abi

import (
	"runtime"
	"syscall"

	"github.com/ebitengine/purego"
)

// invokeSyscallN runs the call in b through purego.SyscallN (the argument
// slice is the block's own, so it does not allocate): the call path of the
// platforms without a trampoline. A call that can fail runs with the
// goroutine locked to its OS thread, so that errno, read through the
// library's own zmq_errno, belongs to that call; it is stored as Go's
// syscall.Errno (cErrno).
func invokeSyscallN(b *callBlock) {
	if b.mode == callRaw {
		b.r, _, _ = purego.SyscallN(b.fn, b.args[:]...)
		b.errno = 0
		return
	}
	runtime.LockOSThread()
	r, _, _ := purego.SyscallN(b.fn, b.args[:]...)
	b.r, b.errno = r, 0
	if (b.mode == callInt && int32(r) == -1) || (b.mode == callPtr && r == 0) {
		b.errno = uintptr(syscall.ENOSYS) // a Caller without Init cannot read errno
		if b.errfn != 0 {
			e, _, _ := purego.SyscallN(b.errfn)
			b.errno = uintptr(cErrno(uintptr(int32(e))))
		}
	}
	runtime.UnlockOSThread()
}
