// Package z85 is the Z85 encoding of ZeroMQ RFC 32 in Go, for libraries
// that lack zmq_z85_encode and zmq_z85_decode and for checking a key before
// a libzmq older than 4.2 reads it (it reads outside its tables on a
// malformed string).
package z85

import (
	"encoding/binary"
	"fmt"
	"math"
	"syscall"
)

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

// Encode encodes data in Z85 (ZeroMQ RFC 32) in Go. The length of data
// must be a multiple of 4; the result is 5/4 as long.
func Encode(data []byte) (string, error) {
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

// Decode decodes a Z85 string (ZeroMQ RFC 32) in Go. The length of s must
// be a multiple of 5, every character must be in the Z85 alphabet, and every
// group of 5 must stand for a value below 2^32.
func Decode(s string) ([]byte, error) {
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
