package abi

import "syscall"

// HasTrampoline tells the tests whether Caller's calls go through this
// package's trampoline.
const HasTrampoline = hasTrampoline

// IntSyscallN is Caller.Int through purego.SyscallN whatever the platform,
// for the benchmark that compares the two call paths in one run.
//
//go:uintptrescapes
//go:noinline
func (c *Caller) IntSyscallN(fn, a1, a2, a3, a4, a5 uintptr) (int, syscall.Errno) {
	b := &c.blk
	b.fn, b.args, b.mode, b.then1, b.then2 = fn, [5]uintptr{a1, a2, a3, a4, a5}, callInt, 0, 0
	invokeSyscallN(b)
	return int(int32(b.r)), syscall.Errno(b.errno)
}
