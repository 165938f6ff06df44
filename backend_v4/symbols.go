package backend_v4

// symbols is what every 4.x exports beyond the 3.x ABI.
type symbols struct {
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

// msgSymbols are the 3.x message calls that the draft and metadata
// receives make on the 4.x socket's own message.
type msgSymbols struct {
	MsgInit     uintptr `sym:"zmq_msg_init"`      // int zmq_msg_init(zmq_msg_t *msg)
	MsgInitSize uintptr `sym:"zmq_msg_init_size"` // int zmq_msg_init_size(zmq_msg_t *msg, size_t size)
	MsgData     uintptr `sym:"zmq_msg_data"`      // void *zmq_msg_data(zmq_msg_t *msg)
	MsgMore     uintptr `sym:"zmq_msg_more"`      // int zmq_msg_more(zmq_msg_t *message)
	MsgSend     uintptr `sym:"zmq_msg_send"`      // int zmq_msg_send(zmq_msg_t *msg, void *socket, int flags)
	MsgRecv     uintptr `sym:"zmq_msg_recv"`      // int zmq_msg_recv(zmq_msg_t *msg, void *socket, int flags)
	MsgClose    uintptr `sym:"zmq_msg_close"`     // int zmq_msg_close(zmq_msg_t *msg)
}
