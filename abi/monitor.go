package abi

import "syscall"

// MonitorEvent is one socket monitor event, whatever the library's wire
// format was.
type MonitorEvent struct {
	Event    int    // ZMQ_EVENT_* bit
	Value    int64  // the event's value: an fd, an errno, a retry interval
	Endpoint string // the endpoint it concerns
}

// Monitorer is a Socket with zmq_socket_monitor (libzmq 3.x+).
type Monitorer interface {
	// Monitor starts publishing the socket's events (masked to what the
	// version knows) on a PAIR socket bound at endpoint, or stops when
	// endpoint is "".
	Monitor(endpoint string, events int) error
	// RecvMonitorEvent receives one event on a PAIR socket connected to a
	// monitor endpoint, parsing the library's format: 3.x sends one frame
	// holding a zmq_event_t with a pointer to the endpoint string (valid
	// until the message is closed, so it is copied first); 4.x sends two
	// frames (uint16 event and uint32 value, then the endpoint).
	RecvMonitorEvent(flags int) (MonitorEvent, syscall.Errno)
}
