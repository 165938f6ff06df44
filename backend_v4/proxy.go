package backend_v4

import "github.com/zmqffi/zmqffi/abi"

var _ abi.SteerableProxier = (*Backend)(nil)

// ProxySteerable implements abi.SteerableProxier with zmq_proxy_steerable.
func (b *Backend) ProxySteerable(frontend, backend, capture, control abi.Socket) error {
	c := abi.NewCaller(b.Sym.Errno) // blocks: a caller of its own
	_, e := c.Int(b.Sym4.ProxySteerable, frontend.Handle(), backend.Handle(), abi.Handle(capture), control.Handle(), 0)
	return abi.Errno(e)
}
