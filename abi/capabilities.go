package abi

// Capabler is a Backend that can say which optional features its library was
// built with, through zmq_has (libzmq 4.1+). known is false when the library
// cannot answer (4.0 has no zmq_has); the caller then probes by other means.
// An unknown capability name is reported as not present, as zmq_has does.
type Capabler interface {
	Has(capability string) (has, known bool)
}
