// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the proxy is a zmqffi Proxy, steered from the caller's
// control socket by a goroutine.

package zmq4

import (
	"context"
	"encoding/binary"

	"github.com/zmqffi/zmqffi"
)

/*
Start built-in ØMQ proxy

See: http://api.zeromq.org/4-1:zmq-proxy#toc2
*/
func Proxy(frontend, backend, capture *Socket) error {
	return ProxySteerable(frontend, backend, capture, nil)
}

/*
Start built-in ØMQ proxy with PAUSE/RESUME/TERMINATE control flow

Returns ErrorNotImplemented405 with ZeroMQ version < 4.0.5 (3.x and 2.x
included: their zmq_proxy cannot be steered)

The commands that arrive on control (PAUSE, RESUME, TERMINATE and, from
libzmq 4.3, STATISTICS, which is answered on control) are passed to the
proxy by a goroutine that reads control while the proxy runs.

See: http://api.zeromq.org/4-1:zmq-proxy-steerable#toc2
*/
func ProxySteerable(frontend, backend, capture, control *Socket) error {
	if !(frontend.opened() && backend.opened() && (capture == nil || capture.opened()) && (control == nil || control.opened())) {
		return ErrorSocketClosed
	}
	if control != nil && (frontend.ctx.minor < 0 || frontend.ctx.minor == 0 && frontend.ctx.patch < 5) {
		return ErrorNotImplemented405
	}
	var capt *zmqffi.Socket
	if capture != nil {
		capt = capture.soc
	}
	p, err := zmqffi.NewProxy(frontend.soc, backend.soc, capt)
	if err != nil {
		return frontend.errget(err)
	}
	defer p.Close()
	if control == nil {
		return frontend.errget(p.Run())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		steer(ctx, p, control)
	}()
	err = p.Run()
	cancel()
	<-done
	return frontend.errget(err)
}

// steer passes the commands that arrive on control to p until ctx ends,
// control is closed or a TERMINATE comes.
func steer(ctx context.Context, p *zmqffi.Proxy, control *Socket) {
	for {
		msg, err := control.soc.RecvMultipartContext(ctx, 0)
		if err != nil {
			return
		}
		switch string(msg[0]) {
		case "PAUSE":
			_ = p.Pause()
		case "RESUME":
			_ = p.Resume()
		case "TERMINATE":
			_ = p.Terminate()
			return
		case "STATISTICS":
			st, err := p.Statistics()
			if err != nil {
				continue
			}
			values := []uint64{st.FrontendIn, st.FrontendInBytes, st.FrontendOut, st.FrontendOutBytes,
				st.BackendIn, st.BackendInBytes, st.BackendOut, st.BackendOutBytes}
			parts := make([][]byte, len(values))
			for i, v := range values {
				parts[i] = binary.NativeEndian.AppendUint64(nil, v)
			}
			_ = control.soc.SendMultipartContext(ctx, parts, 0)
		}
	}
}
