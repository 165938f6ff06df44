/*
Package zmq4 is pebbe/zmq4's API (github.com/pebbe/zmq4 v1.4.0) on zmqffi:
a Go interface to ZeroMQ that needs no cgo. A program written against
pebbe/zmq4 migrates by changing its import path:

	import zmq "github.com/zmqffi/zmqffi/zmq4"

Every exported name of pebbe/zmq4 is here, with its meaning: errors are
Errno values comparable with == (zmq4.Errno(syscall.EAGAIN), zmq4.ETERM),
timeouts are truncated to whole milliseconds, Poller ids and Poll results
are pebbe's, and so is Socket.String. The draft API is in package
github.com/zmqffi/zmqffi/zmq4/draft, which re-exports this package (its
types are aliases) and adds the draft socket types; the draft methods
(Join, RecvWithOpts, SetRouterNotify, ...) and Send's message options are
this package's, as pebbe/zmq4/draft has them, and return its draft errors
(ErrorNotImplemented42draft, ...) when the library lacks them. Beyond
pebbe/zmq4, Send and SendBytes therefore take variadic options: calls are
unchanged, a method value has the variadic type.

# Choosing the library

libzmq is loaded at run time, not linked. The default context is created on
first use (NewSocket, Version, SetIoThreads, ...), on the library named by
SetSoname, called before that, or else by the ZMQFFI_SONAME environment
variable (a soname such as libzmq.so.5, or a path), or else the first of
libzmq.so.5, .so.4, .so.3, .so.1 and libzmq.so that the dynamic linker's
search finds. NewContext loads the same library. The package works on every
libzmq 4.x; on 3.x and 2.x, which pebbe/zmq4 refuses, it works as far as
the API maps, and options or calls the version lacks return pebbe's errors
(ErrorNotImplemented41, ...) or EINVAL, as libzmq answers an unknown option.

# Differences from pebbe/zmq4

Where zmqffi is safer, its behaviour is kept:

  - Close and Term may be called from another goroutine: a call waiting on
    the socket returns ErrorSocketClosed (after Close) or ETERM (after Term)
    instead of crashing in libzmq.
  - EINTR never reaches the program: waits happen in Go's netpoller, and
    interrupted libzmq calls are retried with their timeouts kept.
    SetRetryAfterEINTR is accepted and reported by GetRetryAfterEINTR, and
    changes nothing; a signal handler must close the socket or terminate
    the context to end a waiting call.
  - A goroutine waiting in Recv, Send or Poll holds no OS thread.
  - Term closes the sockets the program left open, then terminates the
    context (pebbe/zmq4's Term waits for them forever); their linger still
    applies.
  - The authentication handler (AuthStart) is the zmqffi Authenticator of
    the default context, deciding by pebbe/zmq4's rules; the metadata
    handler receives an empty request_id.
  - ProxySteerable reads the control socket on a goroutine and steers a
    zmqffi Proxy.
  - AuthCurvePublic and Z85encode/Z85decode compute in Go, on every version.
*/
package zmq4

//go:generate go run ./internal/genreplace
