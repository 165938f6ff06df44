package abi

import "unsafe"

// SocketFD is the type of zmq_pollitem_t's fd and of ZMQ_FD: a SOCKET, which
// is pointer-sized on Windows.
type SocketFD = uintptr

// FDSize is the size in bytes of ZMQ_FD's value.
const FDSize = int(unsafe.Sizeof(SocketFD(0)))
