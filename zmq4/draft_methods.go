// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the draft calls go to the zmqffi socket.

package zmq4

// This file has pebbe/zmq4/draft's methods and the types they take. Package
// zmq4/draft re-exports package zmq4 with its types as aliases, and a method
// cannot be declared on an alias of another package's type, so they are
// here, on zmq4's Socket: they need a libzmq built with the draft API (or,
// for the ROUTER_NOTIFY and *_MSG options, a recent 4.3) and return
// pebbe's draft errors (ErrorNotImplemented42draft, ErrorNotImplemented43,
// ...) otherwise. The draft socket types (SERVER, CLIENT, ...) are exported
// by package zmq4/draft only.

import (
	"errors"
	"fmt"

	"github.com/zmqffi/zmqffi"
)

// Errors of the draft features, as pebbe/zmq4/draft returns them.
var (
	ErrorNotImplemented42draft = errors.New("Not implemented, requires 0MQ version 4.2 with drafts enabled")
	ErrorNotImplemented43      = errors.New("Not implemented, requires 0MQ version 4.3")
	ErrorNotImplemented433     = errors.New("Not implemented, requires 0MQ version 4.3.3")
	ErrorNotImplemented435     = errors.New("Not implemented, requires 0MQ version 4.3.5")
)

// A message option for (*Socket)Send and (*Socket)RecvWithOpts: the routing
// id of a message on a SERVER or CLIENT socket.
type OptRoutingId uint32

// A message option for (*Socket)Send and (*Socket)RecvWithOpts: the group of
// a message on a RADIO or DISH socket.
type OptGroup string

// draftTypeNames are the names Type.String gives the socket types of
// libzmq's draft API, which package zmq4/draft exports (SERVER ... DGRAM).
var draftTypeNames = map[Type]string{
	Type(zmqffi.SERVER):  "SERVER",
	Type(zmqffi.CLIENT):  "CLIENT",
	Type(zmqffi.RADIO):   "RADIO",
	Type(zmqffi.DISH):    "DISH",
	Type(zmqffi.GATHER):  "GATHER",
	Type(zmqffi.SCATTER): "SCATTER",
	Type(typeDGRAM):      "DGRAM",
}

// typeDGRAM is ZMQ_DGRAM, which the zmqffi root package does not name.
const typeDGRAM = 18

// hasDraft reports whether the socket's library has the draft API.
func (soc *Socket) hasDraft() bool {
	ok, err := soc.ctx.c.Has("draft")
	return err == nil && ok
}

// Join a group (DISH socket).
//
// Returns ErrorNotImplemented42draft if the library has no draft API.
func (soc *Socket) Join(group string) error {
	if !soc.opened() {
		return soc.errClosed()
	}
	if !soc.hasDraft() {
		return ErrorNotImplemented42draft
	}
	return soc.errget(soc.soc.Join(group))
}

// Leave a group (DISH socket).
//
// Returns ErrorNotImplemented42draft if the library has no draft API.
func (soc *Socket) Leave(group string) error {
	if !soc.opened() {
		return soc.errClosed()
	}
	if !soc.hasDraft() {
		return ErrorNotImplemented42draft
	}
	return soc.errget(soc.soc.Leave(group))
}

// HasDraft reports whether the default context's library has the draft API
// (package zmq4/draft's sockets and the methods of this file).
func HasDraft() bool {
	return hasCap("draft")
}

func (soc *Socket) sendWithOpts(data []byte, flags Flag, options []interface{}) (int, error) {
	if !soc.opened() {
		return 0, soc.errClosed()
	}
	if !soc.hasDraft() {
		return 0, ErrorNotImplemented42draft
	}
	if len(options) != 1 {
		return 0, fmt.Errorf("Invalid message options: %#v (one OptRoutingId or OptGroup)", options)
	}
	var err error
	switch t := options[0].(type) {
	case OptRoutingId:
		err = soc.soc.SendTo(uint32(t), data, zmqffi.Flag(flags))
	case OptGroup:
		err = soc.soc.SendGroup(string(t), data, zmqffi.Flag(flags))
	default:
		return 0, fmt.Errorf("Invalid message option: %#v", options[0])
	}
	if err != nil {
		return -1, soc.errget(err)
	}
	return len(data), nil
}

/*
Receive a message part from a socket, including message options.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2

Valid options are

  - OptRoutingId(0)
  - OptGroup("")
*/
func (soc *Socket) RecvWithOpts(flags Flag, options ...interface{}) (string, []interface{}, error) {
	b, o, err := soc.RecvBytesWithOpts(flags, options...)
	return string(b), o, err
}

/*
Receive a message part from a socket, including message options.

For a description of flags, see: http://api.zeromq.org/4-1:zmq-msg-recv#toc2

Valid options are

  - OptRoutingId(0)
  - OptGroup("")
*/
func (soc *Socket) RecvBytesWithOpts(flags Flag, options ...interface{}) ([]byte, []interface{}, error) {
	opts := make([]interface{}, len(options))
	if len(options) == 0 {
		b, err := soc.RecvBytes(flags)
		return b, opts, err
	}
	if !soc.opened() {
		return []byte{}, opts, soc.errClosed()
	}
	if !soc.hasDraft() {
		return []byte{}, opts, ErrorNotImplemented42draft
	}
	for _, option := range options {
		switch option.(type) {
		case OptRoutingId, OptGroup:
		default:
			return []byte{}, opts, ErrorNotImplemented42
		}
	}
	m, err := soc.soc.RecvDraft(zmqffi.Flag(flags))
	if err != nil {
		return []byte{}, opts, soc.errget(err)
	}
	for i, option := range options {
		switch option.(type) {
		case OptRoutingId:
			opts[i] = OptRoutingId(m.RoutingID)
		case OptGroup:
			opts[i] = OptGroup(m.Group)
		}
	}
	return m.Data, opts, nil
}

// ZMQ_ROUTER_NOTIFY: Retrieve router socket notification settings
//
// Returns OR'ed value of options
//
// Returns ErrorNotImplemented43 with ZeroMQ version < 4.3
//
// See https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html#_zmq_router_notify_retrieve_router_socket_notification_settings
func (soc *Socket) GetRouterNotify() (RouterNotifyOption, error) {
	if soc.minor() < 3 {
		return 0, ErrorNotImplemented43
	}
	i, err := soc.getInt("ZMQ_ROUTER_NOTIFY")
	return RouterNotifyOption(i), err
}

// RouterNotifyOption says which peer events a ROUTER reports
// (ZMQ_ROUTER_NOTIFY).
type RouterNotifyOption int

// Flags for (*Socket)SetRouterNotify(), (*Socket)GetRouterNotifyRecv()
const (
	NotifyConnect    = RouterNotifyOption(1) // ZMQ_NOTIFY_CONNECT
	NotifyDisconnect = RouterNotifyOption(2) // ZMQ_NOTIFY_DISCONNECT
)

// ZMQ_ROUTER_NOTIFY: Send connect and disconnect notifications
//
// Multiple options can be OR'ed
//
// Returns ErrorNotImplemented43 with ZeroMQ version < 4.3
//
// See https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html#_zmq_router_notify_send_connect_and_disconnect_notifications
func (soc *Socket) SetRouterNotify(value RouterNotifyOption) error {
	if soc.minor() < 3 {
		return ErrorNotImplemented43
	}
	return soc.setInt("ZMQ_ROUTER_NOTIFY", int(value))
}

// before43 reports whether the socket's library is older than 4.3.patch.
func (soc *Socket) before43(patch int) bool {
	m := soc.minor()
	return m < 3 || (m == 3 && soc.ctx.patch < patch)
}

// setMsg sets a message option ("" clears it).
func (soc *Socket) setMsg(name, value string) error {
	if len(value) == 0 {
		return soc.setNullString(name)
	}
	return soc.setString(name, value)
}

// ZMQ_HELLO_MSG: Set a message to be sent to peers when they connect
//
// Returns ErrorNotImplemented433 with ZeroMQ version < 4.3.3
//
// See https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html#_zmq_hello_msg_set_an_hello_message_that_will_be_sent_when_a_new_peer_connect
func (soc *Socket) SetHelloMsg(value string) error {
	if soc.before43(3) {
		return ErrorNotImplemented433
	}
	return soc.setMsg("ZMQ_HELLO_MSG", value)
}

// ZMQ_DISCONNECT_MSG: Set a message to be generated when accepted peers disconnect
//
// Returns ErrorNotImplemented433 with ZeroMQ version < 4.3.3
//
// See https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html#_zmq_disconnect_msg_set_a_disconnect_message_that_the_socket_will_generate_when_accepted_peer_disconnect
func (soc *Socket) SetDisconnectMsg(value string) error {
	if soc.before43(3) {
		return ErrorNotImplemented433
	}
	return soc.setMsg("ZMQ_DISCONNECT_MSG", value)
}

// ZMQ_HICCUP_MSG: Set a message to be generated when connected peers temporarily disconnect
//
// Returns ErrorNotImplemented435 with ZeroMQ version < 4.3.5
//
// See https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html#_zmq_hiccup_msg_set_a_hiccup_message_that_the_socket_will_generate_when_connected_peer_temporarily_disconnect
func (soc *Socket) SetHiccupMsg(value string) error {
	if soc.before43(5) {
		return ErrorNotImplemented435
	}
	return soc.setMsg("ZMQ_HICCUP_MSG", value)
}
