package abi

import (
	"sync/atomic"
	"syscall"
)

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
// OS thread: on linux/amd64 and linux/arm64 a small trampoline
// (call_linux_amd64.s, call_linux_arm64.s) makes both C calls inside one
// runtime.cgocall, without purego.SyscallN and without locking the goroutine
// to its thread; elsewhere each call goes through purego.SyscallN with the
// goroutine locked to its thread.
//
// The Quick methods are for calls that return at once (a send or receive
// with ZMQ_DONTWAIT, zmq_msg_data, a getsockopt): with a trampoline they
// switch to the system stack without telling the scheduler that the
// goroutine left Go (runtime.cgocall's entersyscall and exitsyscall cost
// more than such a call), so the goroutine keeps its P for the duration, and a call that
// blocked would hold up the garbage collector's stop-the-world until it
// returned: never use them for a call that can block. Elsewhere they are the
// plain calls.
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
	// then1 and then2 (0: none) are called with args[0] alone after fn
	// succeeded, in the same crossing, their results stored in r1 and r2.
	then1, then2 uintptr
	r1, r2       uintptr
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
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callInt, 0, 0
	c.invoke()
	// The upper half of the return register is undefined for a C int.
	return int(int32(b.r)), syscall.Errno(b.errno)
}

// callbacksAllowed is set by AllowCallbacks; from then on the Quick calls
// are full calls.
var callbacksAllowed atomic.Bool

// AllowCallbacks makes every later Quick call a full one. Call it before
// libzmq may call Go code (a purego callback, such as a zmq_free_fn) on the
// thread of a call into it: a callback needs the scheduler's bookkeeping of
// runtime.cgocall that the Quick calls skip. It cannot be undone.
func AllowCallbacks() { callbacksAllowed.Store(true) }

// QuickInt is Int for a call that returns at once (see Caller).
//
//go:uintptrescapes
//go:noinline
func (c *Caller) QuickInt(fn, a1, a2, a3, a4, a5 uintptr) (int, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callInt, 0, 0
	c.invokeQuick()
	return int(int32(b.r)), syscall.Errno(b.errno)
}

// IntThen calls fn(a1, a2, a3), a C function returning int that reports
// failure as -1, and when it succeeds then1(a1) and then2(a1) (0: skip),
// returning their result registers: zmq_msg_recv followed by zmq_msg_data
// and zmq_msg_more, say, which crosses into C once where there is a
// trampoline. quick says that every call returns at once (see Caller).
//
//go:uintptrescapes
//go:noinline
func (c *Caller) IntThen(quick bool, fn, a1, a2, a3, then1, then2 uintptr) (int, uintptr, uintptr, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, 0, 0}, callInt, then1, then2
	b.r1, b.r2 = 0, 0
	if quick {
		c.invokeQuick()
	} else {
		c.invoke()
	}
	if !trampolineThens && b.errno == 0 {
		c.thensInGo()
	}
	return int(int32(b.r)), b.r1, b.r2, syscall.Errno(b.errno)
}

// thensInGo makes the then calls of a block whose fn succeeded, where the
// trampoline does not.
func (c *Caller) thensInGo() {
	b := &c.blk
	a, r, t1, t2 := b.args[0], b.r, b.then1, b.then2
	if t1 != 0 {
		b.fn, b.args, b.mode, b.then1, b.then2 = t1, [5]uintptr{a}, callRaw, 0, 0
		c.invoke()
		b.r1 = b.r
	}
	if t2 != 0 {
		b.fn, b.args, b.mode, b.then1, b.then2 = t2, [5]uintptr{a}, callRaw, 0, 0
		c.invoke()
		b.r2 = b.r
	}
	b.r = r
}

// Ptr calls fn, a C function returning a pointer that reports failure as NULL.
//
//go:uintptrescapes
//go:noinline
func (c *Caller) Ptr(fn, a1, a2, a3, a4, a5 uintptr) (uintptr, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callPtr, 0, 0
	c.invoke()
	return b.r, syscall.Errno(b.errno)
}

// Raw calls fn, a C function that cannot fail, and returns its result
// register unchanged (a pointer or a size_t).
//
//go:uintptrescapes
//go:noinline
func (c *Caller) Raw(fn, a1, a2, a3, a4, a5 uintptr) uintptr {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callRaw, 0, 0
	c.invoke()
	return b.r
}

// QuickRaw is Raw for a call that returns at once (see Caller).
//
//go:uintptrescapes
//go:noinline
func (c *Caller) QuickRaw(fn, a1, a2, a3, a4, a5 uintptr) uintptr {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callRaw, 0, 0
	c.invokeQuick()
	return b.r
}

// Int32 reads a C int result of [Caller.Raw].
func Int32(r uintptr) int { return int(int32(r)) }
