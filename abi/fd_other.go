//go:build !windows

package abi

// SocketFD is the type of zmq_pollitem_t's fd and of ZMQ_FD: a C int on
// POSIX.
type SocketFD = int32

// FDSize is the size in bytes of ZMQ_FD's value.
const FDSize = 4
