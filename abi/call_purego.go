//go:build !(linux && (amd64 || arm64)) || zmqffi_purego

package abi

// hasTrampoline tells whether calls go through a trampoline of this package
// (call_cgocall.go) rather than purego.SyscallN.
const hasTrampoline = false

// invoke runs the call in c.blk through purego.SyscallN.
func (c *Caller) invoke() { invokeSyscallN(&c.blk) }
