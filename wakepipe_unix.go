//go:build unix

package zmqffi

import "syscall"

// newWakePipe makes a non-blocking, close-on-exec pipe.
func newWakePipe() (*wakePipe, error) {
	var fds [2]int
	syscall.ForkLock.RLock() // no fork between pipe and close-on-exec
	err := syscall.Pipe(fds[:])
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, err
	}
	for _, fd := range fds {
		if err := syscall.SetNonblock(fd, true); err != nil {
			_ = syscall.Close(fds[0])
			_ = syscall.Close(fds[1])
			return nil, err
		}
	}
	return &wakePipe{r: fds[0], w: fds[1]}, nil
}

func writeOneByte(fd int) {
	b := [1]byte{1}
	_, _ = syscall.Write(fd, b[:])
}

func drainFD(fd int) {
	var b [64]byte
	for {
		n, err := syscall.Read(fd, b[:])
		if n <= 0 || err != nil {
			return
		}
	}
}

func closeFD(fd int) { _ = syscall.Close(fd) }
