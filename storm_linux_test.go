package zmqffi_test

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// signalThreads sends SIGURG, the runtime's preemption signal, to every
// thread of the process (libzmq's own threads and threads blocked in libzmq
// calls included, which the runtime itself spares) every 100µs or so, on
// Linux. A system call that is not restarted (poll, epoll_wait) then fails
// with EINTR.
func (n *stormNoise) signalThreads() {
	pid := os.Getpid()
	for !n.stopping.Load() {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return
		}
		for _, task := range tasks {
			if tid, err := strconv.Atoi(task.Name()); err == nil {
				_ = syscall.Tgkill(pid, tid, syscall.SIGURG)
				n.sent.Add(1)
			}
		}
		time.Sleep(100 * time.Microsecond)
	}
}
