package zmqffi

import (
	"errors"
	"runtime"
	"syscall"

	"github.com/zmqffi/zmqffi/abi"
)

// Capabilities returns the names [Context.Has] answers on every version, in
// a new slice. libzmq 4.3 knows a few more ("ws", "wss", "vmci"), which Has
// passes to zmq_has.
func Capabilities() []string {
	return []string{"ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"}
}

// Has reports whether the context's library was built with an optional
// feature: "ipc", "pgm" (pgm and epgm), "tipc", "norm", "curve", "gssapi" or
// "draft" (the draft API).
//
// libzmq 4.1 and later answer themselves (zmq_has). Older libraries are
// probed: "ipc" is present on every POSIX build; "pgm" by connecting a
// throwaway PAIR socket to a pgm:// endpoint, which a build with OpenPGM
// refuses as ENOCOMPATPROTO and one without as EPROTONOSUPPORT, before any
// network activity; "curve" (4.0) by generating a key pair; "tipc", "norm",
// "gssapi" and "draft" did not exist yet and are false. A name the library
// does not know is false. Has returns ErrClosed after Term.
//
// https://libzmq.readthedocs.io/en/latest/zmq_has.html
func (c *Context) Has(capability string) (bool, error) {
	var has bool
	err := c.live(func() error {
		if cb, ok := c.st.b.(abi.Capabler); ok {
			if h, known := cb.Has(capability); known {
				has = h
				return nil
			}
		}
		var err error
		has, err = c.probe(capability)
		return err
	})
	return has, err
}

// probe answers Has for a library without zmq_has (2.x, 3.x, 4.0). It runs
// under c.live.
func (c *Context) probe(capability string) (bool, error) {
	switch capability {
	case "ipc":
		return runtime.GOOS != "windows", nil
	case "pgm":
		return c.probeTransport("pgm")
	case "curve":
		cv, ok := c.st.b.(abi.Curver)
		if !ok {
			return false, nil
		}
		_, _, err := cv.CurveKeypair()
		if errors.Is(err, ErrNotSupported) {
			return false, nil
		}
		return err == nil, wrap("zmq_curve_keypair", err)
	}
	return false, nil
}

// enoCompatProto is libzmq's ENOCOMPATPROTO, the same in every version.
const enoCompatProto = syscall.Errno(156384712 + 52)

// probeTransport asks libzmq whether it knows a multicast transport: a PAIR
// socket cannot use one, so a library that has it answers ENOCOMPATPROTO and
// one that lacks it EPROTONOSUPPORT, both before parsing the address. It runs
// under c.live, so Term cannot interleave.
func (c *Context) probeTransport(protocol string) (bool, error) {
	s, err := c.st.c.NewSocket(int(PAIR))
	if err != nil {
		return false, wrap("zmq_socket", err)
	}
	defer func() {
		for s.Close() == syscall.EINTR {
		}
	}()
	err = s.Connect(protocol + "://127.0.0.1;239.192.1.1:5555")
	for errors.Is(err, syscall.EINTR) { // interrupted before it looked at the endpoint
		err = s.Connect(protocol + "://127.0.0.1;239.192.1.1:5555")
	}
	switch {
	case err == nil, errors.Is(err, enoCompatProto):
		return true, nil
	case errors.Is(err, syscall.EPROTONOSUPPORT):
		return false, nil
	}
	return false, wrap("zmq_connect", err)
}
