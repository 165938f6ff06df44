package backend_v3

// symbols is the part of the libzmq ABI that 3.x and every later version
// export with the same prototypes. Fields are filled by abi.Bind, one table
// per loaded library.
type symbols struct {
	Errno       uintptr `sym:"zmq_errno"`          // int zmq_errno(void)
	Strerror    uintptr `sym:"zmq_strerror"`       // const char *zmq_strerror(int errnum)
	CtxNew      uintptr `sym:"zmq_ctx_new"`        // void *zmq_ctx_new(void)
	CtxDestroy  uintptr `sym:"zmq_ctx_destroy"`    // int zmq_ctx_destroy(void *context)
	CtxSet      uintptr `sym:"zmq_ctx_set"`        // int zmq_ctx_set(void *context, int option, int optval)
	CtxGet      uintptr `sym:"zmq_ctx_get"`        // int zmq_ctx_get(void *context, int option)
	Socket      uintptr `sym:"zmq_socket"`         // void *zmq_socket(void *context, int type)
	Close       uintptr `sym:"zmq_close"`          // int zmq_close(void *socket)
	Bind        uintptr `sym:"zmq_bind"`           // int zmq_bind(void *socket, const char *endpoint)
	Connect     uintptr `sym:"zmq_connect"`        // int zmq_connect(void *socket, const char *endpoint)
	Unbind      uintptr `sym:"zmq_unbind"`         // int zmq_unbind(void *socket, const char *endpoint)
	Disconnect  uintptr `sym:"zmq_disconnect"`     // int zmq_disconnect(void *socket, const char *endpoint)
	Setsockopt  uintptr `sym:"zmq_setsockopt"`     // int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen)
	Getsockopt  uintptr `sym:"zmq_getsockopt"`     // int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen)
	Send        uintptr `sym:"zmq_send"`           // int zmq_send(void *s, const void *buf, size_t len, int flags)
	Recv        uintptr `sym:"zmq_recv"`           // int zmq_recv(void *s, void *buf, size_t len, int flags)
	MsgInit     uintptr `sym:"zmq_msg_init"`       // int zmq_msg_init(zmq_msg_t *msg)
	MsgInitSize uintptr `sym:"zmq_msg_init_size"`  // int zmq_msg_init_size(zmq_msg_t *msg, size_t size)
	MsgInitData uintptr `sym:"zmq_msg_init_data"`  // int zmq_msg_init_data(zmq_msg_t *msg, void *data, size_t size, zmq_free_fn *ffn, void *hint)
	MsgSend     uintptr `sym:"zmq_msg_send"`       // int zmq_msg_send(zmq_msg_t *msg, void *s, int flags)
	MsgSize     uintptr `sym:"zmq_msg_size"`       // size_t zmq_msg_size(zmq_msg_t *msg)
	MsgRecv     uintptr `sym:"zmq_msg_recv"`       // int zmq_msg_recv(zmq_msg_t *msg, void *s, int flags)
	MsgData     uintptr `sym:"zmq_msg_data"`       // void *zmq_msg_data(zmq_msg_t *msg)
	MsgMore     uintptr `sym:"zmq_msg_more"`       // int zmq_msg_more(zmq_msg_t *msg)
	MsgClose    uintptr `sym:"zmq_msg_close"`      // int zmq_msg_close(zmq_msg_t *msg)
	Poll        uintptr `sym:"zmq_poll"`           // int zmq_poll(zmq_pollitem_t *items, int nitems, long timeout_ms)
	Proxy       uintptr `sym:"zmq_proxy"`          // int zmq_proxy(void *frontend, void *backend, void *capture)
	SockMonitor uintptr `sym:"zmq_socket_monitor"` // int zmq_socket_monitor(void *s, const char *addr, int events)
}
