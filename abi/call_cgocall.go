//go:build linux && (amd64 || arm64) && !zmqffi_purego

package abi

import (
	"unsafe"

	_ "github.com/ebitengine/purego" // sets up the runtime for C calls when cgo is off
)

// The amd64 and arm64 trampolines (call_linux_amd64.s, call_linux_arm64.s)
// share the Go side of their call path here: each defines ccall, with the
// then calls, and the asmcgocall jump, so a way of calling added for one
// needs its assembly in the other, or that architecture stops building.

// hasTrampoline tells whether calls go through a trampoline of this package
// rather than purego.SyscallN (call_syscalln.go).
const hasTrampoline = true

// trampolineThens says that ccall makes a block's then calls itself.
const trampolineThens = true

// ccallABI0 is the address of the trampoline, ccall.
var ccallABI0 uintptr

// runtime.cgocall runs fn(arg) on the system stack with the C calling
// convention, the goroutine accounted as in a system call; it is what cgo and
// purego call C through (go.dev/issue/67401 keeps it reachable).
//
//go:linkname runtimeCgocall runtime.cgocall
func runtimeCgocall(fn uintptr, arg unsafe.Pointer) int32

// asmcgocall is runtime.asmcgocall, reached through the trampoline's
// assembly: it runs fn(arg) on the system stack with the C calling
// convention, and nothing else (runtime.cgocall is entersyscall,
// asmcgocall, exitsyscall).
//
//go:noescape
func asmcgocall(fn uintptr, arg unsafe.Pointer) int32

// invoke runs the call in c.blk: fn, then zmq_errno if fn failed (or its
// then calls if it succeeded), on one OS thread inside one runtime.cgocall.
func (c *Caller) invoke() { runtimeCgocall(ccallABI0, unsafe.Pointer(&c.blk)) }

// invokeQuick is invoke without the scheduler's bookkeeping, for calls that
// return at once (see Caller), unless AllowCallbacks was called.
func (c *Caller) invokeQuick() {
	if callbacksAllowed.Load() {
		c.invoke()
		return
	}
	asmcgocall(ccallABI0, unsafe.Pointer(&c.blk))
}
