package backend_v4

import "github.com/zmqffi/zmqffi/abi"

var _ abi.SteerableProxier = (*backend)(nil)

// ProxySteerable implements abi.SteerableProxier with zmq_proxy_steerable.
func (b *backend) ProxySteerable(frontend, backend, capture, control abi.Socket) error {
	c := abi.NewCaller(b.ErrnoFn()) // blocks: a caller of its own
	_, e := c.Int(b.sym4.ProxySteerable, frontend.Handle(), backend.Handle(), abi.Handle(capture), control.Handle(), 0)
	return abi.Errno(e)
}
