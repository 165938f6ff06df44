// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: errors of the zmqffi root package become Errno values.

package zmq4

import (
	"errors"
	"syscall"

	"github.com/zmqffi/zmqffi"
)

// An Errno is an unsigned number describing an error condition as returned by a call to ZeroMQ.
// It implements the error interface.
// The number is either a standard system error, or an error defined by the C library of ZeroMQ.
type Errno uintptr

// Error conditions returned by ZeroMQ: standard system errors (on Windows
// some of the POSIX ones are not defined) and 0MQ's own codes.
const (
	EADDRINUSE      = Errno(syscall.EADDRINUSE)
	EADDRNOTAVAIL   = Errno(syscall.EADDRNOTAVAIL)
	EAFNOSUPPORT    = Errno(syscall.EAFNOSUPPORT)
	ECONNABORTED    = Errno(syscall.ECONNABORTED)
	ECONNREFUSED    = Errno(syscall.ECONNREFUSED)
	ECONNRESET      = Errno(syscall.ECONNRESET)
	EHOSTUNREACH    = Errno(syscall.EHOSTUNREACH)
	EINPROGRESS     = Errno(syscall.EINPROGRESS)
	EMSGSIZE        = Errno(syscall.EMSGSIZE)
	ENETDOWN        = Errno(syscall.ENETDOWN)
	ENETRESET       = Errno(syscall.ENETRESET)
	ENETUNREACH     = Errno(syscall.ENETUNREACH)
	ENOBUFS         = Errno(syscall.ENOBUFS)
	ENOTCONN        = Errno(syscall.ENOTCONN)
	ENOTSOCK        = Errno(syscall.ENOTSOCK)
	ENOTSUP         = Errno(syscall.ENOTSUP)
	EPROTONOSUPPORT = Errno(syscall.EPROTONOSUPPORT)
	ETIMEDOUT       = Errno(syscall.ETIMEDOUT)

	// Native 0MQ error codes.
	EFSM           = Errno(zmqffi.EFSM)
	EMTHREAD       = Errno(zmqffi.EMTHREAD)
	ENOCOMPATPROTO = Errno(zmqffi.ENOCOMPATPROTO)
	ETERM          = Errno(zmqffi.ETERM)
)

// Return Errno as string.
func (errno Errno) Error() string {
	switch errno {
	case EFSM:
		return "Operation cannot be accomplished in current state"
	case ENOCOMPATPROTO:
		return "The protocol is not compatible with the socket type"
	case ETERM:
		return "Context was terminated"
	case EMTHREAD:
		return "No thread available"
	}
	return syscall.Errno(errno).Error()
}

/*
Convert error to Errno.

Example usage:

	switch AsErrno(err) {

	case zmq.Errno(syscall.EINTR):
	    // standard system error

	    // call was interrupted

	case zmq.ETERM:
	    // error defined by ZeroMQ

	    // context was terminated

	}

See also: examples/interrupt.go
*/
func AsErrno(err error) Errno {
	if eno, ok := err.(Errno); ok {
		return eno
	}
	if eno, ok := err.(syscall.Errno); ok {
		return Errno(eno)
	}
	return Errno(0)
}

// errClosed is what a call on a closed socket of ctx returns, as pebbe/zmq4
// does: ETERM once the context was terminated (libzmq's answer to a socket
// blocked in or used after zmq_ctx_term), else ErrorSocketClosed.
func (ctx *Context) errClosed() error {
	if ctx != nil && ctx.terminated.Load() {
		return ETERM
	}
	return ErrorSocketClosed
}

// errget turns an error of the zmqffi root package into what pebbe/zmq4
// returns: an Errno for a failed libzmq call, ETERM or ErrorSocketClosed for
// a closed socket.
func (ctx *Context) errget(err error) error {
	var ze *zmqffi.Error
	if errors.As(err, &ze) {
		return Errno(ze.Errno)
	}
	if errors.Is(err, zmqffi.ErrClosed) {
		return ctx.errClosed()
	}
	var eno syscall.Errno
	if errors.As(err, &eno) {
		return Errno(eno)
	}
	return err
}
