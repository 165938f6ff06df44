//go:build !unix && !windows

package zmqffi

import "syscall"

func newWakePipe() (*wakePipe, error) { return nil, syscall.ENOSYS }
func writeOneByte(int)                {}
func drainFD(int)                     {}
func closeFD(int)                     {}
