package zmqffi

import "time"

// On Windows ZMQ_FD is a SOCKET that Go's netpoller, built on I/O completion
// ports, cannot watch for readiness: every wait is waitPoll, zmq_poll on the
// socket in slices. A message wakes it at once (zmq_poll returns); the slice
// bounds how long Close, Term and a cancelled context.Context take to wake
// it, against the cost of one zmq_poll call per slice per waiting goroutine.
const (
	parkOnFD  = false
	pollSlice = 10 * time.Millisecond
)
