// Package abi is the raw layer between package zmqffi and one loaded libzmq:
// the symbol table of a library, typed calls without allocation (through
// runtime.cgocall with a small trampoline on linux/amd64 and linux/arm64,
// through purego elsewhere), the storage for zmq_msg_t, errno handling, and the interfaces
// that every ABI generation's backend (backend_v2, backend_v3, backend_v4)
// implements.
//
// Nothing here knows which libzmq version is loaded; the backends do. Nothing
// here retries, locks or tracks closed handles; package zmqffi does.
//
// Application code should use package zmqffi.
package abi
