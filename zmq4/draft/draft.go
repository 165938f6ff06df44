// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the values are the zmqffi root package's.

package zmq4

import "github.com/zmqffi/zmqffi"

// Socket types of libzmq's draft API, for NewSocket (package zmq4's
// Type.String names them). They need a libzmq built with the draft API (HasDraft).
const (
	SERVER  = Type(zmqffi.SERVER)
	CLIENT  = Type(zmqffi.CLIENT)
	RADIO   = Type(zmqffi.RADIO)
	DISH    = Type(zmqffi.DISH)
	GATHER  = Type(zmqffi.GATHER)
	SCATTER = Type(zmqffi.SCATTER)
	DGRAM   = Type(18) // ZMQ_DGRAM
)
