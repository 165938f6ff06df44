package zmqffi

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// Event is a set of socket monitor events (ZMQ_EVENT_*). The values are
// libzmq's, the same in every version that has the event.
type Event uint32

// Monitor events (ZMQ_EVENT_*). Which ones a library emits depends on its
// version: the handshake events come with 4.3 (4.2 in draft builds),
// MONITOR_STOPPED with 4.0; a mask bit the version does not know is ignored.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
const (
	EventConnected      Event = 0x0001 // connected to a peer; Value is the fd
	EventConnectDelayed Event = 0x0002 // a connect that could not complete at once, retried
	EventConnectRetried Event = 0x0004 // a reconnect attempt; Value is the interval in ms
	EventListening      Event = 0x0008 // bound; Value is the listening fd
	EventBindFailed     Event = 0x0010 // a bind failed; Value is the errno
	EventAccepted       Event = 0x0020 // accepted a connection; Value is the fd
	EventAcceptFailed   Event = 0x0040 // an accept failed; Value is the errno
	EventClosed         Event = 0x0080 // a connection's fd was closed
	EventCloseFailed    Event = 0x0100 // closing an fd failed; Value is the errno
	EventDisconnected   Event = 0x0200 // a session ended; Value is the fd
	EventMonitorStopped Event = 0x0400 // the monitor stopped: no event follows (4.0+)
	// EventHandshakeFailedNoDetail: a handshake failed for a reason below
	// the protocol, the peer disconnecting during it say; Value is the
	// errno (4.3).
	EventHandshakeFailedNoDetail Event = 0x0800
	// EventHandshakeSucceeded: the ZMTP handshake, security included,
	// succeeded; the connection is usable (4.3).
	EventHandshakeSucceeded Event = 0x1000
	// EventHandshakeFailedProtocol: the peer broke the ZMTP or ZAP protocol;
	// Value is a ProtocolError (4.3).
	EventHandshakeFailedProtocol Event = 0x2000
	// EventHandshakeFailedAuth: the ZAP handler refused the peer; Value is
	// its status code, 300, 400 or 500 (4.3).
	EventHandshakeFailedAuth Event = 0x4000
	// EventAll asks for every event the loaded version knows.
	EventAll Event = 0xFFFF
)

var eventNames = []struct {
	e    Event
	name string
}{
	{EventConnected, "CONNECTED"}, {EventConnectDelayed, "CONNECT_DELAYED"},
	{EventConnectRetried, "CONNECT_RETRIED"}, {EventListening, "LISTENING"},
	{EventBindFailed, "BIND_FAILED"}, {EventAccepted, "ACCEPTED"},
	{EventAcceptFailed, "ACCEPT_FAILED"}, {EventClosed, "CLOSED"},
	{EventCloseFailed, "CLOSE_FAILED"}, {EventDisconnected, "DISCONNECTED"},
	{EventMonitorStopped, "MONITOR_STOPPED"},
	{EventHandshakeFailedNoDetail, "HANDSHAKE_FAILED_NO_DETAIL"},
	{EventHandshakeSucceeded, "HANDSHAKE_SUCCEEDED"},
	{EventHandshakeFailedProtocol, "HANDSHAKE_FAILED_PROTOCOL"},
	{EventHandshakeFailedAuth, "HANDSHAKE_FAILED_AUTH"},
}

// String names the events in e, joined by "|" ("CONNECTED|ACCEPTED").
func (e Event) String() string {
	var names []string
	rest := e
	for _, n := range eventNames {
		if e&n.e != 0 {
			names = append(names, n.name)
			rest &^= n.e
		}
	}
	if rest != 0 || len(names) == 0 {
		names = append(names, fmt.Sprintf("0x%x", uint32(rest)))
	}
	return strings.Join(names, "|")
}

// ProtocolError is the value of an EventHandshakeFailedProtocol event
// (ZMQ_PROTOCOL_ERROR_*, libzmq 4.3): what was wrong with the peer's
// handshake. Convert MonitorEvent.Value to compare it:
// ProtocolError(ev.Value) == ProtocolErrorZMTPMechanismMismatch.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
type ProtocolError uint32

// ZMTP errors are 0x1000_0000 and up, those of the ZAP handler's reply
// 0x2000_0000 and up; the values are libzmq's.
const (
	ProtocolErrorZMTPUnspecified                 ProtocolError = 0x10000000 // an unspecified ZMTP protocol error
	ProtocolErrorZMTPUnexpectedCommand           ProtocolError = 0x10000001 // a ZMTP command the handshake did not expect
	ProtocolErrorZMTPInvalidSequence             ProtocolError = 0x10000002 // a message out of sequence (CURVE nonces)
	ProtocolErrorZMTPKeyExchange                 ProtocolError = 0x10000003 // a failed key exchange
	ProtocolErrorZMTPMalformedCommandUnspecified ProtocolError = 0x10000011 // a malformed command
	ProtocolErrorZMTPMalformedCommandMessage     ProtocolError = 0x10000012 // a malformed MESSAGE command
	ProtocolErrorZMTPMalformedCommandHello       ProtocolError = 0x10000013 // a malformed HELLO command
	ProtocolErrorZMTPMalformedCommandInitiate    ProtocolError = 0x10000014 // a malformed INITIATE command
	ProtocolErrorZMTPMalformedCommandError       ProtocolError = 0x10000015 // a malformed ERROR command
	ProtocolErrorZMTPMalformedCommandReady       ProtocolError = 0x10000016 // a malformed READY command
	ProtocolErrorZMTPMalformedCommandWelcome     ProtocolError = 0x10000017 // a malformed WELCOME command
	ProtocolErrorZMTPInvalidMetadata             ProtocolError = 0x10000018 // invalid metadata in a handshake command
	ProtocolErrorZMTPCryptographic               ProtocolError = 0x11000001 // a message that failed to decrypt or authenticate
	ProtocolErrorZMTPMechanismMismatch           ProtocolError = 0x11000002 // peers with different security mechanisms (NULL, PLAIN, CURVE)
	ProtocolErrorZAPUnspecified                  ProtocolError = 0x20000000 // an unspecified error of the ZAP handler's reply
	ProtocolErrorZAPMalformedReply               ProtocolError = 0x20000001 // a malformed ZAP reply
	ProtocolErrorZAPBadRequestID                 ProtocolError = 0x20000002 // a ZAP reply to another request
	ProtocolErrorZAPBadVersion                   ProtocolError = 0x20000003 // a ZAP reply of another protocol version
	ProtocolErrorZAPInvalidStatusCode            ProtocolError = 0x20000004 // a ZAP reply with a status code other than 200, 300, 400, 500
	ProtocolErrorZAPInvalidMetadata              ProtocolError = 0x20000005 // a ZAP reply with invalid metadata
	ProtocolErrorWSUnspecified                   ProtocolError = 0x30000000 // an unspecified WebSocket error (ws:// transports of draft builds)
)

var protocolErrorNames = []struct {
	e    ProtocolError
	name string
}{
	{ProtocolErrorZMTPUnspecified, "ZMTP_UNSPECIFIED"},
	{ProtocolErrorZMTPUnexpectedCommand, "ZMTP_UNEXPECTED_COMMAND"},
	{ProtocolErrorZMTPInvalidSequence, "ZMTP_INVALID_SEQUENCE"},
	{ProtocolErrorZMTPKeyExchange, "ZMTP_KEY_EXCHANGE"},
	{ProtocolErrorZMTPMalformedCommandUnspecified, "ZMTP_MALFORMED_COMMAND_UNSPECIFIED"},
	{ProtocolErrorZMTPMalformedCommandMessage, "ZMTP_MALFORMED_COMMAND_MESSAGE"},
	{ProtocolErrorZMTPMalformedCommandHello, "ZMTP_MALFORMED_COMMAND_HELLO"},
	{ProtocolErrorZMTPMalformedCommandInitiate, "ZMTP_MALFORMED_COMMAND_INITIATE"},
	{ProtocolErrorZMTPMalformedCommandError, "ZMTP_MALFORMED_COMMAND_ERROR"},
	{ProtocolErrorZMTPMalformedCommandReady, "ZMTP_MALFORMED_COMMAND_READY"},
	{ProtocolErrorZMTPMalformedCommandWelcome, "ZMTP_MALFORMED_COMMAND_WELCOME"},
	{ProtocolErrorZMTPInvalidMetadata, "ZMTP_INVALID_METADATA"},
	{ProtocolErrorZMTPCryptographic, "ZMTP_CRYPTOGRAPHIC"},
	{ProtocolErrorZMTPMechanismMismatch, "ZMTP_MECHANISM_MISMATCH"},
	{ProtocolErrorZAPUnspecified, "ZAP_UNSPECIFIED"},
	{ProtocolErrorZAPMalformedReply, "ZAP_MALFORMED_REPLY"},
	{ProtocolErrorZAPBadRequestID, "ZAP_BAD_REQUEST_ID"},
	{ProtocolErrorZAPBadVersion, "ZAP_BAD_VERSION"},
	{ProtocolErrorZAPInvalidStatusCode, "ZAP_INVALID_STATUS_CODE"},
	{ProtocolErrorZAPInvalidMetadata, "ZAP_INVALID_METADATA"},
	{ProtocolErrorWSUnspecified, "WS_UNSPECIFIED"},
}

// String returns the error's libzmq name without ZMQ_PROTOCOL_ERROR_
// ("ZMTP_MECHANISM_MISMATCH"), or its value in hex.
func (e ProtocolError) String() string {
	for _, n := range protocolErrorNames {
		if n.e == e {
			return n.name
		}
	}
	return fmt.Sprintf("ProtocolError(0x%x)", uint32(e))
}

// MonitorEvent is one event of a monitored socket.
type MonitorEvent struct {
	Event Event
	// Value depends on the event: the file descriptor for CONNECTED,
	// LISTENING, ACCEPTED, CLOSED, DISCONNECTED; an errno for the *_FAILED
	// events; the reconnect interval in milliseconds for CONNECT_RETRIED; a
	// ZMQ_PROTOCOL_ERROR_* code for HANDSHAKE_FAILED_PROTOCOL.
	Value int
	// Endpoint is the endpoint the event concerns.
	Endpoint string
}

// Monitor receives the events of one socket (zmq_socket_monitor). It reads
// both wire formats: libzmq 3.2's single frame holding a pointer to the
// endpoint (copied before the frame is released) and the two frames of 4.x.
// A Monitor is used by one goroutine at a time, like a Socket; Close may come
// from any goroutine.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
type Monitor struct {
	target *Socket
	reader *Socket
	mon    abi.Monitorer
	rd     abi.Monitorer

	stopped   atomic.Bool
	closeOnce sync.Once
	chOnce    sync.Once
	ch        chan MonitorEvent
}

var monitorSeq atomic.Uint64

// monitorer is the socket's zmq_socket_monitor, which libzmq 2.x lacks.
func (s *Socket) monitorer() (abi.Monitorer, error) {
	mon, ok := s.st.b.(abi.Monitorer)
	if !ok {
		return nil, abi.NotSupported(s.ctx.st.b.Version(), "the socket monitor (zmq_socket_monitor)")
	}
	return mon, nil
}

// Monitor starts monitoring the socket for the given events (EventAll for
// every one) and returns the Monitor that receives them. ErrNotSupported on
// libzmq 2.x, which has no socket monitor.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
func (s *Socket) Monitor(events Event) (*Monitor, error) {
	mon, err := s.monitorer()
	if err != nil {
		return nil, err
	}
	ep := fmt.Sprintf("inproc://zmqffi-monitor-%d", monitorSeq.Add(1))
	if err := s.st.call(func() error { return wrap("zmq_socket_monitor", mon.Monitor(ep, int(events))) }); err != nil {
		return nil, err
	}
	reader, err := s.ctx.Socket(PAIR)
	if err != nil {
		_ = s.st.call(func() error { return mon.Monitor("", 0) })
		return nil, err
	}
	if err := reader.Connect(ep); err != nil {
		_ = reader.Close()
		_ = s.st.call(func() error { return mon.Monitor("", 0) })
		return nil, err
	}
	return &Monitor{target: s, reader: reader, mon: mon, rd: reader.st.b.(abi.Monitorer)}, nil
}

// Recv waits at most timeout (negative: no limit) for the next event. After
// EventMonitorStopped, or once the Monitor or its context is closed, it
// returns ErrClosed; a timeout returns an error matching syscall.EAGAIN.
func (m *Monitor) Recv(timeout time.Duration) (MonitorEvent, error) {
	if m.stopped.Load() {
		return MonitorEvent{}, ErrClosed
	}
	out, err := m.reader.st.recvMonitorEvent(m.rd, timeout, false)
	if err == nil && out.Event == EventMonitorStopped {
		m.stopped.Store(true)
	}
	return out, err
}

// recvMonitorEvent receives and decodes one event on a PAIR socket connected
// to a monitor endpoint, waiting as doVia does.
func (st *socketState) recvMonitorEvent(rd abi.Monitorer, timeout time.Duration, dontWait bool) (MonitorEvent, error) {
	var ev abi.MonitorEvent
	err := st.doVia(abi.PollIn, timeout, dontWait, "zmq_msg_recv", func() (e syscall.Errno) {
		ev, e = rd.RecvMonitorEvent(abi.DontWait)
		return e
	})
	if err != nil {
		return MonitorEvent{}, err
	}
	return MonitorEvent{Event: Event(ev.Event), Value: int(ev.Value), Endpoint: ev.Endpoint}, nil
}

// MonitorTo starts libzmq's monitor of the socket on an endpoint of the
// caller's choosing (zmq_socket_monitor), for callers that read the monitor
// socket themselves: libzmq binds a PAIR socket at endpoint, which must be an
// inproc:// endpoint (else EPROTONOSUPPORT), and publishes there the events in
// events (EventAll for every one the version knows). Connect a PAIR socket of
// the same context to it and read the events with that socket's
// RecvMonitorEvent, which decodes every version's format; MonitorTo("", 0)
// stops the monitor.
//
// A socket has one monitor: MonitorTo replaces the one that Monitor or
// WatchConnections started, which then receives no more events (on 4.x, a
// last MONITOR_STOPPED). It returns ErrNotSupported on libzmq 2.x, which has
// no socket monitor.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
func (s *Socket) MonitorTo(endpoint string, events Event) error {
	mon, err := s.monitorer()
	if err != nil {
		return err
	}
	return s.st.call(func() error { return wrap("zmq_socket_monitor", mon.Monitor(endpoint, int(events))) })
}

// RecvMonitorEvent receives one event on a PAIR socket connected to a
// monitor endpoint (see MonitorTo) and decodes it, whichever format the
// library sends: 3.2's single frame holding a pointer to the endpoint (which
// Go code could not read safely) or the two frames of 4.x. Without DontWait
// it waits at most the receive timeout; a timeout, or DontWait with no event
// queued, returns an error matching syscall.EAGAIN. A message that is not a
// monitor event returns an error matching syscall.EPROTO. It returns
// ErrNotSupported on libzmq 2.x.
//
// https://libzmq.readthedocs.io/en/latest/zmq_socket_monitor.html
func (s *Socket) RecvMonitorEvent(flags Flag) (MonitorEvent, error) {
	rd, err := s.monitorer()
	if err != nil {
		return MonitorEvent{}, err
	}
	ev, err := s.st.recvMonitorEvent(rd, time.Duration(s.st.rcvTimeout.Load()), flags&DontWait != 0)
	runtime.KeepAlive(s)
	return ev, err
}

// Events returns a channel that delivers the events as they come, from a
// goroutine started on the first call. The channel is closed after
// EventMonitorStopped (which it delivers), or when the Monitor or its
// context is closed. Do not call Recv as well.
func (m *Monitor) Events() <-chan MonitorEvent {
	m.chOnce.Do(func() {
		m.ch = make(chan MonitorEvent, 64)
		go func() {
			defer close(m.ch)
			for {
				ev, err := m.Recv(-1)
				if err != nil {
					return
				}
				m.ch <- ev
				if ev.Event == EventMonitorStopped {
					return
				}
			}
		}()
	})
	return m.ch
}

// Close stops monitoring (unless the monitored socket is closed already)
// and closes the receiving socket; the Events channel then closes.
func (m *Monitor) Close() error {
	var err error
	m.closeOnce.Do(func() {
		err = m.target.st.call(func() error { return wrap("zmq_socket_monitor", m.mon.Monitor("", 0)) })
		if err == ErrClosed {
			err = nil
		}
		if cerr := m.reader.Close(); err == nil {
			err = cerr
		}
	})
	return err
}
