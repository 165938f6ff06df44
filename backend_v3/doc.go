// Package backend_v3 binds a libzmq of the 3.x ABI generation: zmq_ctx_new,
// zmq_send/zmq_recv on caller buffers (returning byte counts),
// zmq_msg_send/zmq_msg_recv on a 32-byte zmq_msg_t, zmq_poll in milliseconds,
// SNDHWM/RCVHWM, zmq_proxy, and the 3.2 monitor event.
//
// The 4.x ABI extends this one without changing it, so package backend_v4
// embeds the Backend, Context and Socket here, constructed by [NewExtended]
// with an [Extension] that says what 4.x changes (zmq_ctx_term, the two-frame
// monitor events); package zmqffi calls only [New].
//
// Application code should use package zmqffi.
package backend_v3
