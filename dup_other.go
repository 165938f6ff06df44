//go:build !unix

package zmqffi

import "errors"

func dupCloexec(int) (int, error) {
	return -1, errors.New("zmqffi: parking on ZMQ_FD is implemented for unix only")
}
