package abi

// Proxier is a Backend that can run a proxy between two of its sockets:
// zmq_proxy on 3.x and later, zmq_device(ZMQ_QUEUE) on 2.x (which has no
// capture socket). The call blocks until the context is terminated (or, for
// a steerable proxy, told to terminate); capture may be nil.
type Proxier interface {
	Proxy(frontend, backend, capture Socket) error
}

// SteerableProxier is a Backend with zmq_proxy_steerable (4.0+): the proxy
// also reads commands from control. Which commands a version accepts, and
// what it replies, differs (see package zmqffi); the caller validates them.
type SteerableProxier interface {
	ProxySteerable(frontend, backend, capture, control Socket) error
}

// Handle returns s's handle, or 0 (NULL) for a nil Socket.
func Handle(s Socket) uintptr {
	if s == nil {
		return 0
	}
	return s.Handle()
}
