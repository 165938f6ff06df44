package backend_v2

import (
	"github.com/zmqffi/zmqffi/abi"
)

// zmqQueue is ZMQ_QUEUE, the device type that forwards both ways.
const zmqQueue = 3

var _ abi.Proxier = (*backend)(nil)

// Proxy implements abi.Proxier with zmq_device(ZMQ_QUEUE, frontend,
// backend); 2.x devices have no capture socket.
func (b *backend) Proxy(frontend, backend, capture abi.Socket) error {
	if capture != nil {
		return abi.NotSupported(b.Version(), "a proxy capture socket (zmq_device has none)")
	}
	c := abi.NewCaller(b.sym.Errno) // blocks: a caller of its own
	_, e := c.Int(b.sym.Device, zmqQueue, frontend.Handle(), backend.Handle(), 0, 0)
	return abi.Errno(e)
}
