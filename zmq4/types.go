// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the values are the zmqffi root package's.

package zmq4

import (
	"strings"

	"github.com/zmqffi/zmqffi"
)

//. Sockets

// Specifies the type of a socket, used by NewSocket()
type Type int

// Constants for NewSocket()
// See: http://api.zeromq.org/4-1:zmq-socket#toc3
const (
	REQ    = Type(zmqffi.REQ)
	REP    = Type(zmqffi.REP)
	DEALER = Type(zmqffi.DEALER)
	ROUTER = Type(zmqffi.ROUTER)
	PUB    = Type(zmqffi.PUB)
	SUB    = Type(zmqffi.SUB)
	XPUB   = Type(zmqffi.XPUB)
	XSUB   = Type(zmqffi.XSUB)
	PUSH   = Type(zmqffi.PUSH)
	PULL   = Type(zmqffi.PULL)
	PAIR   = Type(zmqffi.PAIR)
	STREAM = Type(zmqffi.STREAM)
)

/*
Socket type as string.
*/
func (t Type) String() string {
	switch t {
	case REQ:
		return "REQ"
	case REP:
		return "REP"
	case DEALER:
		return "DEALER"
	case ROUTER:
		return "ROUTER"
	case PUB:
		return "PUB"
	case SUB:
		return "SUB"
	case XPUB:
		return "XPUB"
	case XSUB:
		return "XSUB"
	case PUSH:
		return "PUSH"
	case PULL:
		return "PULL"
	case PAIR:
		return "PAIR"
	case STREAM:
		return "STREAM"
	}
	if name, ok := draftTypeNames[t]; ok {
		return name
	}
	return "<INVALID>"
}

// Used by  (*Socket)Send() and (*Socket)Recv()
type Flag int

// Flags for (*Socket)Send(), (*Socket)Recv()
// For Send, see: http://api.zeromq.org/4-1:zmq-send#toc2
// For Recv, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2
const (
	DONTWAIT = Flag(zmqffi.DontWait)
	SNDMORE  = Flag(zmqffi.SndMore)
)

/*
Socket flag as string.
*/
func (f Flag) String() string {
	ff := make([]string, 0)
	if f&DONTWAIT != 0 {
		ff = append(ff, "DONTWAIT")
	}
	if f&SNDMORE != 0 {
		ff = append(ff, "SNDMORE")
	}
	if len(ff) == 0 {
		return "<NONE>"
	}
	return strings.Join(ff, "|")
}

// Used by (*Socket)Monitor() and (*Socket)RecvEvent()
type Event int

// Flags for (*Socket)Monitor() and (*Socket)RecvEvent()
// See: http://api.zeromq.org/4-3:zmq-socket-monitor#toc3
const (
	EVENT_ALL                        = Event(zmqffi.EventAll)
	EVENT_CONNECTED                  = Event(zmqffi.EventConnected)
	EVENT_CONNECT_DELAYED            = Event(zmqffi.EventConnectDelayed)
	EVENT_CONNECT_RETRIED            = Event(zmqffi.EventConnectRetried)
	EVENT_LISTENING                  = Event(zmqffi.EventListening)
	EVENT_BIND_FAILED                = Event(zmqffi.EventBindFailed)
	EVENT_ACCEPTED                   = Event(zmqffi.EventAccepted)
	EVENT_ACCEPT_FAILED              = Event(zmqffi.EventAcceptFailed)
	EVENT_CLOSED                     = Event(zmqffi.EventClosed)
	EVENT_CLOSE_FAILED               = Event(zmqffi.EventCloseFailed)
	EVENT_DISCONNECTED               = Event(zmqffi.EventDisconnected)
	EVENT_MONITOR_STOPPED            = Event(zmqffi.EventMonitorStopped)
	EVENT_HANDSHAKE_FAILED_NO_DETAIL = Event(zmqffi.EventHandshakeFailedNoDetail)
	EVENT_HANDSHAKE_SUCCEEDED        = Event(zmqffi.EventHandshakeSucceeded)
	EVENT_HANDSHAKE_FAILED_PROTOCOL  = Event(zmqffi.EventHandshakeFailedProtocol)
	EVENT_HANDSHAKE_FAILED_AUTH      = Event(zmqffi.EventHandshakeFailedAuth)
)

/*
Socket event as string.
*/
func (e Event) String() string {
	if e == EVENT_ALL {
		return "EVENT_ALL"
	}
	ee := make([]string, 0)
	if e&EVENT_CONNECTED != 0 {
		ee = append(ee, "EVENT_CONNECTED")
	}
	if e&EVENT_CONNECT_DELAYED != 0 {
		ee = append(ee, "EVENT_CONNECT_DELAYED")
	}
	if e&EVENT_CONNECT_RETRIED != 0 {
		ee = append(ee, "EVENT_CONNECT_RETRIED")
	}
	if e&EVENT_LISTENING != 0 {
		ee = append(ee, "EVENT_LISTENING")
	}
	if e&EVENT_BIND_FAILED != 0 {
		ee = append(ee, "EVENT_BIND_FAILED")
	}
	if e&EVENT_ACCEPTED != 0 {
		ee = append(ee, "EVENT_ACCEPTED")
	}
	if e&EVENT_ACCEPT_FAILED != 0 {
		ee = append(ee, "EVENT_ACCEPT_FAILED")
	}
	if e&EVENT_CLOSED != 0 {
		ee = append(ee, "EVENT_CLOSED")
	}
	if e&EVENT_CLOSE_FAILED != 0 {
		ee = append(ee, "EVENT_CLOSE_FAILED")
	}
	if e&EVENT_DISCONNECTED != 0 {
		ee = append(ee, "EVENT_DISCONNECTED")
	}
	if e&EVENT_MONITOR_STOPPED != 0 {
		ee = append(ee, "EVENT_MONITOR_STOPPED")
	}
	{
		if e&EVENT_HANDSHAKE_FAILED_NO_DETAIL != 0 {
			ee = append(ee, "EVENT_HANDSHAKE_FAILED_NO_DETAIL")
		}
		if e&EVENT_HANDSHAKE_SUCCEEDED != 0 {
			ee = append(ee, "EVENT_HANDSHAKE_SUCCEEDED")
		}
		if e&EVENT_HANDSHAKE_FAILED_PROTOCOL != 0 {
			ee = append(ee, "EVENT_HANDSHAKE_FAILED_PROTOCOL")
		}
		if e&EVENT_HANDSHAKE_FAILED_AUTH != 0 {
			ee = append(ee, "EVENT_HANDSHAKE_FAILED_AUTH")
		}
	}
	if len(ee) == 0 {
		return "<NONE>"
	}
	return strings.Join(ee, "|")
}

// Used by (soc *Socket)GetEvents()
type State int

// Flags for (*Socket)GetEvents()
// See: http://api.zeromq.org/4-1:zmq-getsockopt#toc8
const (
	POLLIN  = State(zmqffi.PollIn)
	POLLOUT = State(zmqffi.PollOut)
)

/*
Socket state as string.
*/
func (s State) String() string {
	ss := make([]string, 0)
	if s&POLLIN != 0 {
		ss = append(ss, "POLLIN")
	}
	if s&POLLOUT != 0 {
		ss = append(ss, "POLLOUT")
	}
	if len(ss) == 0 {
		return "<NONE>"
	}
	return strings.Join(ss, "|")
}

// Specifies the security mechanism, used by (*Socket)GetMechanism()
type Mechanism int

// Constants for (*Socket)GetMechanism()
// See: http://api.zeromq.org/4-1:zmq-getsockopt#toc22
const (
	NULL   = Mechanism(zmqffi.MechanismNull)
	PLAIN  = Mechanism(zmqffi.MechanismPlain)
	CURVE  = Mechanism(zmqffi.MechanismCurve)
	GSSAPI = Mechanism(zmqffi.MechanismGSSAPI)
)

/*
Security mechanism as string.
*/
func (m Mechanism) String() string {
	switch m {
	case NULL:
		return "NULL"
	case PLAIN:
		return "PLAIN"
	case CURVE:
		return "CURVE"
	case GSSAPI:
		return "GSSAPI"
	}
	return "<INVALID>"
}
