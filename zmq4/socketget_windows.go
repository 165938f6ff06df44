// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.

//go:build windows

package zmq4

/*
ZMQ_FD: Retrieve file descriptor associated with the socket

See: http://api.zeromq.org/4-1:zmq-getsockopt#toc9
*/
func (soc *Socket) GetFd() (uintptr, error) {
	if soc.soc == nil {
		return 0, ErrorSocketClosed
	}
	fd, err := soc.soc.FD()
	return uintptr(fd), soc.errget(err)
}
