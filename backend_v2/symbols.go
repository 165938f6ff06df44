package backend_v2

// symbols is the libzmq 2.x ABI. Fields are filled by abi.Bind, one table per
// loaded library.
type symbols struct {
	Errno       uintptr `sym:"zmq_errno"`         // int zmq_errno(void)
	Strerror    uintptr `sym:"zmq_strerror"`      // const char *zmq_strerror(int errnum)
	Init        uintptr `sym:"zmq_init"`          // void *zmq_init(int io_threads)
	Term        uintptr `sym:"zmq_term"`          // int zmq_term(void *context)
	Socket      uintptr `sym:"zmq_socket"`        // void *zmq_socket(void *context, int type)
	Close       uintptr `sym:"zmq_close"`         // int zmq_close(void *s)
	Bind        uintptr `sym:"zmq_bind"`          // int zmq_bind(void *s, const char *addr)
	Connect     uintptr `sym:"zmq_connect"`       // int zmq_connect(void *s, const char *addr)
	Setsockopt  uintptr `sym:"zmq_setsockopt"`    // int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen)
	Getsockopt  uintptr `sym:"zmq_getsockopt"`    // int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen)
	Send        uintptr `sym:"zmq_send"`          // int zmq_send(void *s, zmq_msg_t *msg, int flags): 0 on success
	Recv        uintptr `sym:"zmq_recv"`          // int zmq_recv(void *s, zmq_msg_t *msg, int flags): 0 on success
	MsgInit     uintptr `sym:"zmq_msg_init"`      // int zmq_msg_init(zmq_msg_t *msg)
	MsgInitSize uintptr `sym:"zmq_msg_init_size"` // int zmq_msg_init_size(zmq_msg_t *msg, size_t size)
	MsgInitData uintptr `sym:"zmq_msg_init_data"` // int zmq_msg_init_data(zmq_msg_t *msg, void *data, size_t size, zmq_free_fn *ffn, void *hint)
	MsgData     uintptr `sym:"zmq_msg_data"`      // void *zmq_msg_data(zmq_msg_t *msg)
	MsgSize     uintptr `sym:"zmq_msg_size"`      // size_t zmq_msg_size(zmq_msg_t *msg)
	MsgClose    uintptr `sym:"zmq_msg_close"`     // int zmq_msg_close(zmq_msg_t *msg)
	Poll        uintptr `sym:"zmq_poll"`          // int zmq_poll(zmq_pollitem_t *items, int nitems, long timeout_us)
	Device      uintptr `sym:"zmq_device"`        // int zmq_device(int device, void *insocket, void *outsocket)
}
