package backend_v4

import (
	"fmt"
	"syscall"
	"unsafe"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/internal/z85"
)

var (
	_ abi.Curver   = (*backend)(nil)
	_ abi.Capabler = (*backend)(nil)
)

// z85KeyLen is the length of a CURVE key in Z85, without the NUL.
const z85KeyLen = 40

// noCurve is the error for a library built without CURVE, which libzmq
// reports as ENOTSUP.
func (b *backend) noCurve(e syscall.Errno, what string) error {
	if e == syscall.ENOTSUP {
		return abi.NotSupported(b.Version(), what+" (this build of libzmq has no CURVE)")
	}
	return e
}

// CurveKeypair implements abi.Curver with zmq_curve_keypair.
func (b *backend) CurveKeypair() (string, string, error) {
	pub := make([]byte, z85KeyLen+1)
	sec := make([]byte, z85KeyLen+1)
	c := abi.NewCaller(b.ErrnoFn())
	if _, e := c.Int(b.sym4.CurveKeypair, uintptr(unsafe.Pointer(&pub[0])), uintptr(unsafe.Pointer(&sec[0])), 0, 0, 0); e != 0 {
		return "", "", b.noCurve(e, "zmq_curve_keypair")
	}
	return string(pub[:z85KeyLen]), string(sec[:z85KeyLen]), nil
}

// CurvePublic implements abi.Curver with zmq_curve_public (4.2+).
func (b *backend) CurvePublic(secret string) (string, error) {
	if b.sym4.CurvePublic == 0 {
		return "", abi.NotSupported(b.Version(), "zmq_curve_public")
	}
	if len(secret) != z85KeyLen {
		return "", fmt.Errorf("zmqffi: a CURVE secret key is %d Z85 characters, got %d: %w", z85KeyLen, len(secret), syscall.EINVAL)
	}
	if _, err := z85.Decode(secret); err != nil {
		return "", err
	}
	cs, _ := abi.CString(secret) // Z85 has no NUL
	pub := make([]byte, z85KeyLen+1)
	c := abi.NewCaller(b.ErrnoFn())
	if _, e := c.Int(b.sym4.CurvePublic, uintptr(unsafe.Pointer(&pub[0])), uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0); e != 0 {
		return "", b.noCurve(e, "zmq_curve_public")
	}
	return string(pub[:z85KeyLen]), nil
}

// Z85Encode implements abi.Curver with zmq_z85_encode, into a Go buffer.
func (b *backend) Z85Encode(data []byte) (string, error) {
	if len(data)%4 != 0 {
		return "", fmt.Errorf("zmqffi: Z85 encoding needs a multiple of 4 bytes, got %d: %w", len(data), syscall.EINVAL)
	}
	dst := make([]byte, len(data)/4*5+1)
	src := data
	if len(src) == 0 {
		src = dst // any valid pointer: libzmq reads nothing
	}
	c := abi.NewCaller(b.ErrnoFn())
	if c.Raw(b.sym4.Z85Encode, uintptr(unsafe.Pointer(&dst[0])), uintptr(unsafe.Pointer(&src[0])), uintptr(len(data)), 0, 0) == 0 {
		return "", fmt.Errorf("zmqffi: zmq_z85_encode failed on %d bytes: %w", len(data), syscall.EINVAL)
	}
	return string(dst[:len(dst)-1]), nil
}

// Z85Decode implements abi.Curver with zmq_z85_decode, into a Go buffer. The
// string is checked in Go first: libzmq 4.0 and 4.1 index their decoding
// table with any byte they are given. The empty string decodes to no bytes
// without a call, as in libzmq before 4.3 (4.3 refuses it).
func (b *backend) Z85Decode(s string) ([]byte, error) {
	if _, err := z85.Decode(s); err != nil {
		return nil, err
	}
	if s == "" {
		return []byte{}, nil // libzmq 4.3 refuses the empty string, older ones accept it
	}
	cs, _ := abi.CString(s) // Z85 has no NUL
	dst := make([]byte, len(s)/5*4+1)
	c := abi.NewCaller(b.ErrnoFn())
	if c.Raw(b.sym4.Z85Decode, uintptr(unsafe.Pointer(&dst[0])), uintptr(unsafe.Pointer(&cs[0])), 0, 0, 0) == 0 {
		return nil, fmt.Errorf("zmqffi: zmq_z85_decode rejected a %d-character string: %w", len(s), syscall.EINVAL)
	}
	return dst[:len(dst)-1], nil
}
