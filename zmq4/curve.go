// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: Z85 is computed in Go, key pairs and capabilities come
// from the default context's library.

package zmq4

import (
	"github.com/zmqffi/zmqffi"
)

//. CURVE

/*
Encode a binary key as Z85 printable text

See: http://api.zeromq.org/4-1:zmq-z85-encode
*/
func Z85encode(data string) string {
	if len(data)%4 != 0 {
		panic("Z85encode: Length of data not a multiple of 4")
	}
	s, err := zmqffi.Z85Encode([]byte(data))
	if err != nil {
		return err.Error()
	}
	return s
}

/*
Decode a binary key from Z85 printable text

A text with characters outside Z85's alphabet decodes to "".

See: http://api.zeromq.org/4-1:zmq-z85-decode
*/
func Z85decode(s string) string {
	if len(s)%5 != 0 {
		panic("Z85decode: Length of Z85 string not a multiple of 5")
	}
	b, err := zmqffi.Z85Decode(s)
	if err != nil {
		return ""
	}
	return string(b)
}

/*
Generate a new CURVE keypair

See: http://api.zeromq.org/4-1:zmq-curve-keypair#toc2
*/
func NewCurveKeypair() (z85_public_key, z85_secret_key string, err error) {
	ctx, err := defaultContext()
	if err != nil {
		return "", "", err
	}
	pub, sec, err := ctx.c.NewCurveKeypair()
	if err != nil {
		return "", "", ctx.errget(err)
	}
	return pub, sec, nil
}

func hasCap(s string) (value bool) {
	ctx, err := defaultContext()
	if err != nil {
		return false
	}
	ok, err := ctx.c.Has(s)
	return err == nil && ok
}

// Returns true if the library supports the ipc:// protocol
// (zmq_has on libzmq 4.1+, probed on older versions).
func HasIpc() bool {
	return hasCap("ipc")
}

// Returns true if the library supports the pgm:// protocol
func HasPgm() bool {
	return hasCap("pgm")
}

// Returns true if the library supports the tipc:// protocol
func HasTipc() bool {
	return hasCap("tipc")
}

// Returns true if the library supports the norm:// protocol
func HasNorm() bool {
	return hasCap("norm")
}

// Returns true if the library supports the CURVE security mechanism
func HasCurve() bool {
	return hasCap("curve")
}

// Returns true if the library supports the GSSAPI security mechanism
func HasGssapi() bool {
	return hasCap("gssapi")
}
