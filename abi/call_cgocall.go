//go:build linux && (amd64 || arm64) && !zmqffi_purego

package abi

import (
	"unsafe"

	_ "github.com/ebitengine/purego" // sets up the runtime for C calls when cgo is off
)

// The amd64 and arm64 trampolines share the Go side of the call path here:
// a way of calling added for one architecture needs its assembly on the
// other (or a fallback here), or that architecture stops building.

// runtime.cgocall runs fn(arg) on the system stack with the C calling
// convention, the goroutine accounted as in a system call; it is what cgo and
// purego call C through (go.dev/issue/67401 keeps it reachable).
//
//go:linkname runtimeCgocall runtime.cgocall
func runtimeCgocall(fn uintptr, arg unsafe.Pointer) int32

// hasTrampoline tells whether calls go through a trampoline of this package
// rather than purego.SyscallN (call_syscalln.go).
const hasTrampoline = true

// invoke runs the call in c.blk: fn, then zmq_errno if fn failed, on one OS
// thread inside one runtime.cgocall. ccallABI0 is the address of the
// trampoline of the architecture (call_linux_amd64.s, call_linux_arm64.s).
func (c *Caller) invoke() { runtimeCgocall(ccallABI0, unsafe.Pointer(&c.blk)) }
