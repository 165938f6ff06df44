//go:build !windows

package abi

import "syscall"

// cErrno turns the errno libzmq reports into Go's syscall.Errno: on POSIX
// systems both use the system's errno.h numbers.
func cErrno(e uintptr) syscall.Errno { return syscall.Errno(e) }
