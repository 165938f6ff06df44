//go:build !(linux && (amd64 || arm64)) || zmqffi_purego

package abi

// hasTrampoline tells whether calls go through a trampoline of this package
// (call_cgocall.go) rather than purego.SyscallN.
const hasTrampoline = false

// trampolineThens is false: IntThen makes the then calls one by one.
const trampolineThens = false

// invokeQuick is invoke: purego has no cheaper way into C.
func (c *Caller) invokeQuick() { c.invoke() }

// invoke runs the call in c.blk through purego.SyscallN.
func (c *Caller) invoke() { invokeSyscallN(&c.blk) }
