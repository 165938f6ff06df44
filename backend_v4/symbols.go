package backend_v4

// Symbols is what 4.x exports beyond the 3.x table in backend_v3.Symbols.
type Symbols struct {
	CtxTerm     uintptr `sym:"zmq_ctx_term"`     // int zmq_ctx_term(void *context)
	CtxShutdown uintptr `sym:"zmq_ctx_shutdown"` // int zmq_ctx_shutdown(void *context)
	Has         uintptr `sym:"zmq_has,optional"` // int zmq_has(const char *capability), 4.1+
	// int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key)
	CurveKeypair uintptr `sym:"zmq_curve_keypair"`
	// int zmq_curve_public(char *z85_public_key, const char *z85_secret_key), 4.2+
	CurvePublic uintptr `sym:"zmq_curve_public,optional"`
	// char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size)
	Z85Encode uintptr `sym:"zmq_z85_encode"`
	// uint8_t *zmq_z85_decode(uint8_t *dest, const char *string)
	Z85Decode uintptr `sym:"zmq_z85_decode"`
	// int zmq_proxy_steerable(void *frontend, void *backend, void *capture, void *control)
	ProxySteerable uintptr `sym:"zmq_proxy_steerable"`
}
