// Package backend_v4 binds a libzmq of the 4.x ABI generation (4.0 through
// 4.3.5). 4.x keeps every 3.x call and prototype, so the sockets and most of
// the context come from package backend_v3; this package adds what 4.x brought:
// zmq_ctx_term and zmq_ctx_shutdown, and the features probed per library
// (zmq_has exists only from 4.1).
//
// getsockopt in 4.x rejects any length but the exact size of int and int64
// options; the by-name option methods always pass the size from the version's
// table.
//
// Application code should use package zmqffi.
package backend_v4
