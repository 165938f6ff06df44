// Package backend_v2 binds a libzmq of the 2.x ABI generation: zmq_init and
// zmq_term; zmq_send(socket, zmq_msg_t*, flags) and zmq_recv of the same shape,
// returning 0; a public 40-byte zmq_msg_t; zmq_poll in microseconds; one
// ZMQ_HWM (uint64) for both directions; 64-bit RCVMORE, RATE, SWAP,
// RECOVERY_IVL; a uint32 ZMQ_EVENTS; and zmq_device.
//
// What 2.x lacks (zmq_unbind, zmq_disconnect, ZMQ_LAST_ENDPOINT, context
// options, the socket monitor, ...) is reported as not supported, naming the
// version.
//
// Application code should use package zmqffi.
package backend_v2
