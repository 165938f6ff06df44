// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: every call goes to a zmqffi socket.

package zmq4

import (
	"fmt"
	"sync/atomic"

	"github.com/zmqffi/zmqffi"
)

/*
Socket functions starting with `Set` or `Get` are used for setting and
getting socket options.
*/
type Socket struct {
	soc *zmqffi.Socket
	ctx *Context
	st  *socketState
}

// socketState is kept behind a pointer so that Socket stays copyable, as
// pebbe/zmq4's String method with its value receiver needs.
type socketState struct {
	closed atomic.Bool // Close was called
}

// closedSocket is what NewSocket returns with an error: every call on it
// returns ErrorSocketClosed.
func closedSocket() *Socket {
	st := &socketState{}
	st.closed.Store(true)
	return &Socket{st: st}
}

func (soc *Socket) opened() bool {
	return soc.soc != nil && !soc.st.closed.Load()
}

// errClosed is the error of a call on a closed socket: ErrorSocketClosed
// after Close, ETERM when the context's Term closed it.
func (soc *Socket) errClosed() error {
	if soc.soc == nil || soc.st.closed.Load() {
		return ErrorSocketClosed
	}
	return soc.ctx.errClosed()
}

func (soc *Socket) errget(err error) error {
	if err == nil {
		return nil
	}
	if soc.soc == nil || soc.st.closed.Load() {
		return ErrorSocketClosed
	}
	return soc.ctx.errget(err)
}

/*
Socket as string.
*/
func (soc Socket) String() string {
	if !soc.opened() {
		return "Socket(CLOSED)"
	}
	t, err := soc.GetType()
	if err != nil {
		return fmt.Sprintf("Socket(%v)", err)
	}
	i, err := soc.GetIdentity()
	if err == nil && i != "" {
		return fmt.Sprintf("Socket(%v,%q)", t, i)
	}
	return fmt.Sprintf("Socket(%v,%p)", t, soc.soc)
}

/*
Create 0MQ socket in the default context.

WARNING:
The Socket is not thread safe. This means that you cannot access the same Socket
from different goroutines without using something like a mutex.

For a description of socket types, see: http://api.zeromq.org/4-1:zmq-socket#toc3
*/
func NewSocket(t Type) (soc *Socket, err error) {
	ctx, err := defaultContext()
	if err != nil {
		return nil, err
	}
	return ctx.NewSocket(t)
}

/*
Create 0MQ socket in the given context.

WARNING:
The Socket is not thread safe. This means that you cannot access the same Socket
from different goroutines without using something like a mutex.

For a description of socket types, see: http://api.zeromq.org/4-1:zmq-socket#toc3
*/
func (ctx *Context) NewSocket(t Type) (soc *Socket, err error) {
	if ctx.terminated.Load() {
		return closedSocket(), ErrorContextClosed
	}
	s, err := ctx.c.Socket(zmqffi.SocketType(t))
	if err != nil {
		return closedSocket(), ctx.errget(err)
	}
	return &Socket{soc: s, ctx: ctx, st: &socketState{}}, nil
}

// If not called explicitly, the socket will be closed on garbage collection.
// Close may be called from another goroutine: a call waiting on the socket
// then returns ErrorSocketClosed.
func (soc *Socket) Close() error {
	if soc.soc == nil || !soc.st.closed.CompareAndSwap(false, true) {
		return nil
	}
	if err := soc.soc.Close(); err != nil {
		return soc.ctx.errget(err)
	}
	return nil
}

// Return the context associated with a socket
func (soc *Socket) Context() (*Context, error) {
	if !soc.opened() {
		return nil, ErrorSocketClosed
	}
	return soc.ctx, nil
}

/*
Accept incoming connections on a socket.

For a description of endpoint, see: http://api.zeromq.org/4-1:zmq-bind#toc2
*/
func (soc *Socket) Bind(endpoint string) error {
	if soc.soc == nil {
		return ErrorSocketClosed
	}
	return soc.errget(soc.soc.Bind(endpoint))
}

/*
Stop accepting connections on a socket.

For a description of endpoint, see: http://api.zeromq.org/4-1:zmq-unbind#toc2
*/
func (soc *Socket) Unbind(endpoint string) error {
	if soc.soc == nil {
		return ErrorSocketClosed
	}
	return soc.errget(soc.soc.Unbind(endpoint))
}

/*
Create outgoing connection from socket.

For a description of endpoint, see: http://api.zeromq.org/4-1:zmq-connect#toc2
*/
func (soc *Socket) Connect(endpoint string) error {
	if soc.soc == nil {
		return ErrorSocketClosed
	}
	return soc.errget(soc.soc.Connect(endpoint))
}

/*
Disconnect a socket.

For a description of endpoint, see: http://api.zeromq.org/4-1:zmq-disconnect#toc2
*/
func (soc *Socket) Disconnect(endpoint string) error {
	if soc.soc == nil {
		return ErrorSocketClosed
	}
	return soc.errget(soc.soc.Disconnect(endpoint))
}

/*
Receive a message part from a socket.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2
*/
func (soc *Socket) Recv(flags Flag) (string, error) {
	if soc.soc == nil {
		return "", ErrorSocketClosed
	}
	s, err := soc.soc.RecvString(zmqffi.Flag(flags))
	if err != nil {
		return "", soc.errget(err)
	}
	return s, nil
}

/*
Receive a message part from a socket.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2
*/
func (soc *Socket) RecvBytes(flags Flag) ([]byte, error) {
	if soc.soc == nil {
		return []byte{}, ErrorSocketClosed
	}
	b, err := soc.soc.Recv(zmqffi.Flag(flags))
	if err != nil {
		return []byte{}, soc.errget(err)
	}
	return b, nil
}

/*
Send a message part on a socket.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-send#toc2

An option, as in pebbe/zmq4/draft, sends with libzmq's draft API: one
OptRoutingId (SERVER socket) or OptGroup (RADIO socket).
*/
func (soc *Socket) Send(data string, flags Flag, options ...interface{}) (int, error) {
	if len(options) > 0 {
		return soc.sendWithOpts([]byte(data), flags, options)
	}
	if soc.soc == nil {
		return 0, ErrorSocketClosed
	}
	if err := soc.soc.SendString(data, zmqffi.Flag(flags)); err != nil {
		return -1, soc.errget(err)
	}
	return len(data), nil
}

/*
Send a message part on a socket.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-send#toc2

An option, as in pebbe/zmq4/draft, sends with libzmq's draft API: one
OptRoutingId (SERVER socket) or OptGroup (RADIO socket).
*/
func (soc *Socket) SendBytes(data []byte, flags Flag, options ...interface{}) (int, error) {
	if len(options) > 0 {
		return soc.sendWithOpts(data, flags, options)
	}
	if soc.soc == nil {
		return 0, ErrorSocketClosed
	}
	if err := soc.soc.Send(data, zmqffi.Flag(flags)); err != nil {
		return -1, soc.errget(err)
	}
	return len(data), nil
}

/*
Register a monitoring callback.

See: http://api.zeromq.org/4-1:zmq-socket-monitor#toc2

The monitor endpoint must be inproc://, as libzmq requires; connect a PAIR
socket of the same context to it and read the events with RecvEvent. An
empty addr stops monitoring.
*/
func (soc *Socket) Monitor(addr string, events Event) error {
	if soc.soc == nil {
		return ErrorSocketClosed
	}
	return soc.errget(soc.soc.MonitorTo(addr, zmqffi.Event(events)))
}

/*
Receive a message part from a socket interpreted as an event.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2

For a description of event_type, see: http://api.zeromq.org/4-1:zmq-socket-monitor#toc3

For an example, see: func (*Socket) Monitor
*/
func (soc *Socket) RecvEvent(flags Flag) (event_type Event, addr string, value int, err error) {
	if soc.soc == nil {
		return EVENT_ALL, "", 0, ErrorSocketClosed
	}
	ev, err := soc.soc.RecvMonitorEvent(zmqffi.Flag(flags))
	if err != nil {
		return 0, "", 0, soc.errget(err)
	}
	return Event(ev.Event), ev.Endpoint, ev.Value, nil
}

/*
Receive a message part with metadata.

This requires ZeroMQ version 4.1.0. Lower versions will return the message part without metadata.

The returned metadata map contains only those properties that exist on the message.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2

For a description of metadata, see: http://api.zeromq.org/4-1:zmq-msg-gets#toc3
*/
func (soc *Socket) RecvWithMetadata(flags Flag, properties ...string) (msg string, metadata map[string]string, err error) {
	b, p, err := soc.RecvBytesWithMetadata(flags, properties...)
	return string(b), p, err
}

/*
Receive a message part with metadata.

This requires ZeroMQ version 4.1.0. Lower versions will return the message part without metadata.

The returned metadata map contains only those properties that exist on the message.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2

For a description of metadata, see: http://api.zeromq.org/4-1:zmq-msg-gets#toc3
*/
func (soc *Socket) RecvBytesWithMetadata(flags Flag, properties ...string) (msg []byte, metadata map[string]string, err error) {
	if soc.soc == nil {
		return []byte{}, map[string]string{}, ErrorSocketClosed
	}
	if len(properties) == 0 || soc.ctx.minor < 1 {
		b, err := soc.RecvBytes(flags)
		return b, map[string]string{}, err
	}
	b, md, err := soc.soc.RecvWithMetadata(zmqffi.Flag(flags), properties...)
	if err != nil {
		return []byte{}, map[string]string{}, soc.errget(err)
	}
	return b, md, nil
}
