package backend_v3

import "github.com/zmqffi/zmqffi/abi"

var _ abi.Proxier = (*Backend)(nil)

// Proxy implements abi.Proxier with zmq_proxy.
func (b *Backend) Proxy(frontend, backend, capture abi.Socket) error {
	c := abi.NewCaller(b.sym.Errno) // blocks: a caller of its own
	_, e := c.Int(b.sym.Proxy, frontend.Handle(), backend.Handle(), abi.Handle(capture), 0, 0)
	return abi.Errno(e)
}
