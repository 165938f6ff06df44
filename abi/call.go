package abi

import "syscall"

// Caller makes calls into a C library without allocating.
//
// A call writes its function and arguments into an argument block kept in
// the Caller (it must live on the heap: embed it in a heap-allocated object)
// and runs it on the system stack. The methods are //go:uintptrescapes, so a
// pointer converted to uintptr in their argument list stays alive and
// unmoved for the duration of the call (see the unsafe.Pointer rules, case
// 4). Always write the conversion uintptr(unsafe.Pointer(p)) inside the
// argument list of the call, never through a variable.
//
// A failing call reads errno through the library's own zmq_errno on the same
// OS thread: on linux/amd64 a small trampoline (call_linux_amd64.s) makes
// both C calls inside one runtime.cgocall, without purego.SyscallN and
// without locking the goroutine to its thread; elsewhere each call goes
// through purego.SyscallN with the goroutine locked to its thread.
//
// A Caller must not be used by two goroutines at once.
type Caller struct {
	blk callBlock
}

// callBlock is the argument block of one call. Its layout is read by the
// trampoline through go_asm.h; keep every field a uintptr.
type callBlock struct {
	fn    uintptr
	args  [5]uintptr
	errfn uintptr // zmq_errno of the library the calls go to
	mode  uintptr // callRaw, callInt or callPtr: when errno is read
	r     uintptr // the result register
	errno uintptr // zmq_errno() after a failure, else 0
}

// When a call reads errno.
const (
	callRaw = 0 // never: the function cannot fail
	callInt = 1 // a C int result of -1
	callPtr = 2 // a NULL pointer result
)

// NewCaller returns a Caller whose failures read errno with zmqErrno, the
// address of the library's zmq_errno.
func NewCaller(zmqErrno uintptr) *Caller { return &Caller{blk: callBlock{errfn: zmqErrno}} }

// Init sets the errno function of a Caller embedded in another struct. A
// Caller that was never given one reports its failures as ENOSYS.
func (c *Caller) Init(zmqErrno uintptr) { c.blk.errfn = zmqErrno }

// Int calls fn, a C function returning int that reports failure as -1. Unused
// trailing arguments are passed as 0, which the C calling conventions of every
// supported platform ignore.
//
//go:uintptrescapes
//go:noinline
func (c *Caller) Int(fn, a1, a2, a3, a4, a5 uintptr) (int, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode = fn, [5]uintptr{a1, a2, a3, a4, a5}, callInt
	c.invoke()
	// The upper half of the return register is undefined for a C int.
	return int(int32(b.r)), cErrno(b.errno)
}

// Ptr calls fn, a C function returning a pointer that reports failure as NULL.
//
//go:uintptrescapes
//go:noinline
func (c *Caller) Ptr(fn, a1, a2, a3, a4, a5 uintptr) (uintptr, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode = fn, [5]uintptr{a1, a2, a3, a4, a5}, callPtr
	c.invoke()
	return b.r, cErrno(b.errno)
}

// Raw calls fn, a C function that cannot fail, and returns its result
// register unchanged (a pointer or a size_t).
//
//go:uintptrescapes
//go:noinline
func (c *Caller) Raw(fn, a1, a2, a3, a4, a5 uintptr) uintptr {
	b := &c.blk
	b.fn, b.args, b.mode = fn, [5]uintptr{a1, a2, a3, a4, a5}, callRaw
	c.invoke()
	return b.r
}

// Int32 reads a C int result of [Caller.Raw].
func Int32(r uintptr) int { return int(int32(r)) }
