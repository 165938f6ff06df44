package abi

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
