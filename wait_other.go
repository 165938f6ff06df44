//go:build !windows

package zmqffi

import "time"

// Waits park in Go's netpoller on a dup of ZMQ_FD. pollSlice bounds one
// zmq_poll of the fallback wait (a descriptor that cannot be polled), so
// that Close is not held up for longer while the fallback holds the socket,
// and one wait of a Poller.
const (
	parkOnFD  = true
	pollSlice = 100 * time.Millisecond
)
