// Package loopback binds the example programs' sockets to a free tcp port of
// the loopback, on every libzmq version.
package loopback

import (
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/zmqffi/zmqffi"
)

// Bind binds s to "tcp://127.0.0.1:*" and returns the endpoint to connect to,
// with the port libzmq chose (read back with LastEndpoint).
//
// libzmq 2.x has no ZMQ_LAST_ENDPOINT and rejects "*" as a port, so there Bind
// binds a port the kernel has just reported free instead, trying another one
// if some other process took it in between.
func Bind(s *zmqffi.Socket) (string, error) {
	// Asked before binding: an unbound socket reports an empty endpoint, or
	// ErrNotSupported where the option does not exist.
	if _, err := s.LastEndpoint(); errors.Is(err, zmqffi.ErrNotSupported) {
		return bindKernelPort(s)
	} else if err != nil {
		return "", err
	}
	const wildcard = "tcp://127.0.0.1:*"
	if err := s.Bind(wildcard); err != nil {
		return "", fmt.Errorf("bind %s: %w", wildcard, err)
	}
	return s.LastEndpoint()
}

func bindKernelPort(s *zmqffi.Socket) (string, error) {
	var err error
	for range 10 {
		var l net.Listener
		if l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return "", err
		}
		endpoint := fmt.Sprintf("tcp://127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port)
		_ = l.Close()
		if err = s.Bind(endpoint); err == nil {
			return endpoint, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return "", fmt.Errorf("bind %s: %w", endpoint, err)
		}
	}
	return "", err
}
