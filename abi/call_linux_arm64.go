//go:build linux && arm64 && !zmqffi_purego

package abi

// ccallABI0 is the address of the trampoline in call_linux_arm64.s, which
// invoke (call_cgocall.go) runs through runtime.cgocall.
var ccallABI0 uintptr
