//go:build linux && amd64 && !zmqffi_purego

package abi

// releaseFnABI0 is the address of zcrelease in release_linux_amd64.s, the free
// function of the release queue (release_queue_linux.go).
var releaseFnABI0 uintptr
