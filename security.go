package zmqffi

import (
	"crypto/ecdh"
	"errors"
	"fmt"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/internal/z85"
)

// Mechanism is a ZMTP security mechanism, as ZMQ_MECHANISM reports it.
type Mechanism int

// Security mechanisms (libzmq 4.0+; GSSAPI from 4.1, in builds that have it).
const (
	MechanismNull   Mechanism = 0 // ZMQ_NULL: no security
	MechanismPlain  Mechanism = 1 // ZMQ_PLAIN: clear-text user name and password
	MechanismCurve  Mechanism = 2 // ZMQ_CURVE: CurveZMQ encryption and authentication
	MechanismGSSAPI Mechanism = 3 // ZMQ_GSSAPI: Kerberos
)

var mechanismNames = [...]string{"NULL", "PLAIN", "CURVE", "GSSAPI"}

// String returns the mechanism's ZMTP name ("CURVE"), the name ZAP requests
// carry.
func (m Mechanism) String() string {
	if m >= 0 && int(m) < len(mechanismNames) {
		return mechanismNames[m]
	}
	return fmt.Sprintf("Mechanism(%d)", int(m))
}

// curveKeyLen and z85KeyLen are the sizes of a CURVE key, raw and in Z85.
const (
	curveKeyLen = 32
	z85KeyLen   = 40
)

// Z85Encode encodes data in Z85 (ZeroMQ RFC 32) in Go, without a library:
// the length of data must be a multiple of 4. Context.Z85Encode is libzmq's
// own encoder; both give the same text.
//
// https://libzmq.readthedocs.io/en/latest/zmq_z85_encode.html
func Z85Encode(data []byte) (string, error) { return z85.Encode(data) }

// Z85Decode decodes Z85 text (ZeroMQ RFC 32) in Go, without a library: the
// length of s must be a multiple of 5, every character must be in the Z85
// alphabet and every group of 5 must stand for less than 2^32. Errors match
// syscall.EINVAL.
//
// https://libzmq.readthedocs.io/en/latest/zmq_z85_decode.html
func Z85Decode(s string) ([]byte, error) { return z85.Decode(s) }

// CurvePublic derives the Z85 public key of a Z85 CURVE secret key in Go
// (X25519 with the standard library, the function libzmq's
// zmq_curve_public computes with libsodium), without a library: useful with
// libzmq 4.0 and 4.1, which lack zmq_curve_public.
//
// https://libzmq.readthedocs.io/en/latest/zmq_curve_public.html
func CurvePublic(secret string) (string, error) {
	raw, err := curveKey(secret)
	if err != nil {
		return "", err
	}
	k, err := ecdh.X25519().NewPrivateKey(raw)
	if err != nil {
		return "", fmt.Errorf("zmqffi: CurvePublic: %v: %w", err, syscall.EINVAL)
	}
	return z85.Encode(k.PublicKey().Bytes())
}

// curveKey returns the 32 raw bytes of a CURVE key given as 32 raw bytes or
// 40 Z85 characters.
func curveKey(key string) ([]byte, error) {
	switch len(key) {
	case curveKeyLen:
		return []byte(key), nil
	case z85KeyLen:
		return z85.Decode(key)
	}
	return nil, fmt.Errorf("zmqffi: a CURVE key is %d raw bytes or %d Z85 characters, got %d bytes: %w",
		curveKeyLen, z85KeyLen, len(key), syscall.EINVAL)
}

// curver returns the library's CURVE and Z85 functions, or the error saying
// the version has none (before 4.0).
func (c *Context) curver(what string) (abi.Curver, error) {
	cv, ok := c.st.b.(abi.Curver)
	if !ok {
		return nil, abi.NotSupported(c.st.b.Version(), what)
	}
	return cv, nil
}

// NewCurveKeypair makes a new CURVE key pair with libzmq (40-character Z85
// strings). It returns ErrNotSupported before libzmq 4.0 and when the library
// was built without CURVE (see Has("curve")).
//
// https://libzmq.readthedocs.io/en/latest/zmq_curve_keypair.html
func (c *Context) NewCurveKeypair() (public, secret string, err error) {
	cv, err := c.curver("zmq_curve_keypair")
	if err != nil {
		return "", "", err
	}
	return cv.CurveKeypair()
}

// CurvePublic derives the Z85 public key of a Z85 secret key with libzmq. It
// returns ErrNotSupported before libzmq 4.2 and when the library was built
// without CURVE; the package-level [CurvePublic] computes the same in Go.
//
// https://libzmq.readthedocs.io/en/latest/zmq_curve_public.html
func (c *Context) CurvePublic(secret string) (string, error) {
	cv, err := c.curver("zmq_curve_public")
	if err != nil {
		return "", err
	}
	return cv.CurvePublic(secret)
}

// Z85Encode encodes data in Z85 with libzmq (zmq_z85_encode, 4.0+) into a
// buffer Go owns: the length of data must be a multiple of 4. ErrNotSupported
// before 4.0; the package-level [Z85Encode] needs no library.
//
// https://libzmq.readthedocs.io/en/latest/zmq_z85_encode.html
func (c *Context) Z85Encode(data []byte) (string, error) {
	cv, err := c.curver("zmq_z85_encode")
	if err != nil {
		return "", err
	}
	return cv.Z85Encode(data)
}

// Z85Decode decodes Z85 text with libzmq (zmq_z85_decode, 4.0+) into a buffer
// Go owns. The text is validated in Go first (libzmq 4.0 and 4.1 do not
// validate it), so malformed text is an error matching syscall.EINVAL on
// every version, and "" decodes to no bytes on every version (libzmq 4.3
// refuses it, older versions accept it). ErrNotSupported before 4.0; the package-level [Z85Decode]
// needs no library.
//
// https://libzmq.readthedocs.io/en/latest/zmq_z85_decode.html
func (c *Context) Z85Decode(s string) ([]byte, error) {
	cv, err := c.curver("zmq_z85_decode")
	if err != nil {
		return nil, err
	}
	return cv.Z85Decode(s)
}

// Mechanism returns the security mechanism the socket uses (ZMQ_MECHANISM,
// libzmq 4.0+; ErrNotSupported before).
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_MECHANISM)
func (s *Socket) Mechanism() (Mechanism, error) {
	v, err := s.getInt("MECHANISM")
	return Mechanism(v), err
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// curveErr turns the EINVAL that a libzmq built without CURVE gives for every
// CURVE option into an error matching ErrNotSupported.
func (s *Socket) curveErr(name string, err error) error {
	if err == nil || !errors.Is(err, syscall.EINVAL) {
		return err
	}
	if has, herr := s.ctx.Has("curve"); herr == nil && !has {
		return abi.NotSupported(s.ctx.st.b.Version(), "ZMQ_"+name+" (this build of libzmq has no CURVE)")
	}
	return err
}

// SetCurveServer makes the socket a CURVE server (ZMQ_CURVE_SERVER, libzmq
// 4.0+): it needs its secret key (SetCurveSecretKey) and accepts CURVE clients
// only, checked by the context's ZAP handler if there is one (see
// [Context.StartAuth]). ErrNotSupported before 4.0 and in builds without
// CURVE.
//
// https://libzmq.readthedocs.io/en/latest/zmq_curve.html
func (s *Socket) SetCurveServer(on bool) error {
	return s.curveErr("CURVE_SERVER", s.setInt("CURVE_SERVER", boolInt(on)))
}

// CurveServer reports whether the socket is a CURVE server.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_CURVE_SERVER)
func (s *Socket) CurveServer() (bool, error) {
	v, err := s.getInt("CURVE_SERVER")
	return v != 0, s.curveErr("CURVE_SERVER", err)
}

func (s *Socket) setCurveKey(name, key string) error {
	raw, err := curveKey(key)
	if err != nil {
		return err
	}
	return s.curveErr(name, s.setBytes(name, raw))
}

func (s *Socket) curveKeyOption(name string) (string, error) {
	b, err := s.getBytes(name)
	if err != nil {
		return "", s.curveErr(name, err)
	}
	return string(b), nil
}

// SetCurvePublicKey sets the socket's own CURVE public key
// (ZMQ_CURVE_PUBLICKEY), which a CURVE client needs: 32 raw bytes or 40 Z85
// characters (validated here, then passed raw). libzmq 4.0+.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_CURVE_PUBLICKEY)
func (s *Socket) SetCurvePublicKey(key string) error { return s.setCurveKey("CURVE_PUBLICKEY", key) }

// SetCurveSecretKey sets the socket's own CURVE secret key
// (ZMQ_CURVE_SECRETKEY), which clients and servers need: 32 raw bytes or 40
// Z85 characters. libzmq 4.0+.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_CURVE_SECRETKEY)
func (s *Socket) SetCurveSecretKey(key string) error { return s.setCurveKey("CURVE_SECRETKEY", key) }

// SetCurveServerKey sets the public key of the server a CURVE client connects
// to (ZMQ_CURVE_SERVERKEY), which makes the socket a CURVE client: 32 raw
// bytes or 40 Z85 characters. libzmq 4.0+.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_CURVE_SERVERKEY)
func (s *Socket) SetCurveServerKey(key string) error { return s.setCurveKey("CURVE_SERVERKEY", key) }

// CurvePublicKey returns the socket's CURVE public key in Z85.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_CURVE_PUBLICKEY)
func (s *Socket) CurvePublicKey() (string, error) { return s.curveKeyOption("CURVE_PUBLICKEY") }

// CurveSecretKey returns the socket's CURVE secret key in Z85.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_CURVE_SECRETKEY)
func (s *Socket) CurveSecretKey() (string, error) { return s.curveKeyOption("CURVE_SECRETKEY") }

// CurveServerKey returns the server public key set on a CURVE client, in Z85.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_CURVE_SERVERKEY)
func (s *Socket) CurveServerKey() (string, error) { return s.curveKeyOption("CURVE_SERVERKEY") }

// SetPlainServer makes the socket a PLAIN server (ZMQ_PLAIN_SERVER, libzmq
// 4.0+). The user names and passwords are checked by the context's ZAP
// handler ([Context.StartAuth]); without one, libzmq accepts every client.
// PLAIN sends the password in clear text.
//
// https://libzmq.readthedocs.io/en/latest/zmq_plain.html
func (s *Socket) SetPlainServer(on bool) error { return s.setInt("PLAIN_SERVER", boolInt(on)) }

// PlainServer reports whether the socket is a PLAIN server.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_PLAIN_SERVER)
func (s *Socket) PlainServer() (bool, error) {
	v, err := s.getInt("PLAIN_SERVER")
	return v != 0, err
}

// SetPlainUsername sets the user name a PLAIN client sends
// (ZMQ_PLAIN_USERNAME, libzmq 4.0+); it makes the socket a PLAIN client.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_PLAIN_USERNAME)
func (s *Socket) SetPlainUsername(user string) error {
	return s.setBytes("PLAIN_USERNAME", []byte(user))
}

// PlainUsername returns the PLAIN user name set on the socket.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_PLAIN_USERNAME)
func (s *Socket) PlainUsername() (string, error) {
	b, err := s.getBytes("PLAIN_USERNAME")
	return string(b), err
}

// SetPlainPassword sets the password a PLAIN client sends
// (ZMQ_PLAIN_PASSWORD, libzmq 4.0+).
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_PLAIN_PASSWORD)
func (s *Socket) SetPlainPassword(password string) error {
	return s.setBytes("PLAIN_PASSWORD", []byte(password))
}

// PlainPassword returns the PLAIN password set on the socket.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_PLAIN_PASSWORD)
func (s *Socket) PlainPassword() (string, error) {
	b, err := s.getBytes("PLAIN_PASSWORD")
	return string(b), err
}

// SetZAPDomain sets the ZAP domain of a server socket (ZMQ_ZAP_DOMAIN, libzmq
// 4.0+), which ZAP requests carry. With the NULL mechanism libzmq asks the ZAP
// handler only when a domain is set, so address filtering of NULL clients
// needs one.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_ZAP_DOMAIN)
func (s *Socket) SetZAPDomain(domain string) error { return s.setBytes("ZAP_DOMAIN", []byte(domain)) }

// ZAPDomain returns the socket's ZAP domain.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_ZAP_DOMAIN)
func (s *Socket) ZAPDomain() (string, error) {
	b, err := s.getBytes("ZAP_DOMAIN")
	return string(b), err
}
