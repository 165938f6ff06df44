package abi

import (
	"encoding/binary"
	"fmt"
	"math"
	"syscall"
)

// Curver is a Backend whose library has the CURVE and Z85 helper functions
// (libzmq 4.0+). Keys are 40-character Z85 strings. Every method validates
// its input before the call, because libzmq before 4.2 reads outside its
// tables on a malformed Z85 string.
type Curver interface {
	// CurveKeypair makes a new key pair (zmq_curve_keypair). It returns a
	// *NotSupportedError when the library was built without CURVE (libzmq
	// reports ENOTSUP).
	CurveKeypair() (public, secret string, err error)
	// CurvePublic derives the public key of a secret key (zmq_curve_public,
	// 4.2+); a *NotSupportedError on 4.0 and 4.1 and without CURVE.
	CurvePublic(secret string) (string, error)
	// Z85Encode encodes data, whose length must be a multiple of 4
	// (zmq_z85_encode).
	Z85Encode(data []byte) (string, error)
	// Z85Decode decodes s, whose length must be a multiple of 5
	// (zmq_z85_decode).
	Z85Decode(s string) ([]byte, error)
}

// z85Alphabet is the Z85 alphabet of ZeroMQ RFC 32.
const z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

// z85Digits maps a byte to its Z85 digit value, or 0xFF when it is not in the
// alphabet.
var z85Digits = func() (d [256]byte) {
	for i := range d {
		d[i] = 0xFF
	}
	for i := 0; i < len(z85Alphabet); i++ {
		d[z85Alphabet[i]] = byte(i)
	}
	return d
}()

// Z85Encode encodes data in Z85 (ZeroMQ RFC 32) in Go. The length of data
// must be a multiple of 4; the result is 5/4 as long.
func Z85Encode(data []byte) (string, error) {
	if len(data)%4 != 0 {
		return "", fmt.Errorf("zmqffi: Z85 encoding needs a multiple of 4 bytes, got %d: %w", len(data), syscall.EINVAL)
	}
	out := make([]byte, len(data)/4*5)
	for i, j := 0, 0; i < len(data); i, j = i+4, j+5 {
		v := binary.BigEndian.Uint32(data[i:])
		for k := 4; k >= 0; k-- {
			out[j+k] = z85Alphabet[v%85]
			v /= 85
		}
	}
	return string(out), nil
}

// Z85Decode decodes a Z85 string (ZeroMQ RFC 32) in Go. The length of s must
// be a multiple of 5, every character must be in the Z85 alphabet, and every
// group of 5 must stand for a value below 2^32.
func Z85Decode(s string) ([]byte, error) {
	if len(s)%5 != 0 {
		return nil, fmt.Errorf("zmqffi: Z85 decoding needs a multiple of 5 characters, got %d: %w", len(s), syscall.EINVAL)
	}
	out := make([]byte, len(s)/5*4)
	for i, j := 0, 0; i < len(s); i, j = i+5, j+4 {
		var v uint64
		for k := 0; k < 5; k++ {
			d := z85Digits[s[i+k]]
			if d == 0xFF {
				return nil, fmt.Errorf("zmqffi: Z85 decoding: byte %#02x at offset %d is not a Z85 character: %w", s[i+k], i+k, syscall.EINVAL)
			}
			v = v*85 + uint64(d)
		}
		if v > math.MaxUint32 {
			return nil, fmt.Errorf("zmqffi: Z85 decoding: the group at offset %d exceeds 32 bits: %w", i, syscall.EINVAL)
		}
		binary.BigEndian.PutUint32(out[j:], uint32(v))
	}
	return out, nil
}
