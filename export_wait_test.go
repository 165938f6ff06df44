package zmqffi

import (
	"runtime"
	"syscall"
)

// RecvIntoBlocking receives one frame with a blocking zmq_recv, waiting
// inside libzmq on an OS thread: the path the binding does not take, kept
// here for the latency benchmark that compares the two. It holds the socket
// for the whole wait and retries EINTR from the start.
func RecvIntoBlocking(s *Socket, buf []byte) (int, error) {
	st := s.st
	if err := st.lock(); err != nil {
		return 0, err
	}
	defer st.mu.Unlock()
	defer runtime.KeepAlive(s)
	for {
		n, e := st.b.RecvInto(buf, 0)
		if e == syscall.EINTR {
			continue
		}
		return n, errnoErr("zmq_recv", e)
	}
}
