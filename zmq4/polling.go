// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the items are polled by a zmqffi Poller.

package zmq4

import (
	"fmt"
	"time"

	"github.com/zmqffi/zmqffi"
)

// Return type for (*Poller)Poll
type Polled struct {
	Socket *Socket // socket with matched event(s)
	Events State   // actual matched event(s)
}

type pollItem struct {
	soc    *Socket
	events State
}

// Poller holds the sockets to poll, in the order they were added; their
// index is the id Add returns.
type Poller struct {
	items []pollItem
	zp    *zmqffi.Poller // the items' sockets, each once; rebuilt when dirty
	dirty bool
}

// Create a new Poller
func NewPoller() *Poller {
	return &Poller{items: make([]pollItem, 0)}
}

// Add items to the poller
//
// # Events is a bitwise OR of zmq.POLLIN and zmq.POLLOUT
//
// Returns the id of the item, which can be used as a handle to
// (*Poller)Update and as an index into the result of (*Poller)PollAll
func (p *Poller) Add(soc *Socket, events State) int {
	p.items = append(p.items, pollItem{soc, events})
	p.dirty = true
	return len(p.items) - 1
}

// Update the events mask of a socket in the poller
//
// # Replaces the Poller's bitmask for the specified id with the events parameter passed
//
// Returns the previous value, or ErrorNoSocket if the id was out of range
func (p *Poller) Update(id int, events State) (previous State, err error) {
	if id >= 0 && id < len(p.items) {
		previous = p.items[id].events
		p.items[id].events = events
		p.dirty = p.dirty || previous != events
		return previous, nil
	}
	return 0, ErrorNoSocket
}

// Update the events mask of a socket in the poller
//
// # Replaces the Poller's bitmask for the specified socket with the events parameter passed
//
// Returns the previous value, or ErrorNoSocket if the socket didn't match
func (p *Poller) UpdateBySocket(soc *Socket, events State) (previous State, err error) {
	for id, it := range p.items {
		if it.soc == soc {
			return p.Update(id, events)
		}
	}
	return 0, ErrorNoSocket
}

// Remove a socket from the poller
//
// Returns ErrorNoSocket if the id was out of range
func (p *Poller) Remove(id int) error {
	if id >= 0 && id < len(p.items) {
		p.items = append(p.items[:id], p.items[id+1:]...)
		p.dirty = true
		return nil
	}
	return ErrorNoSocket
}

// Remove a socket from the poller
//
// Returns ErrorNoSocket if the socket didn't match
func (p *Poller) RemoveBySocket(soc *Socket) error {
	for id, it := range p.items {
		if it.soc == soc {
			return p.Remove(id)
		}
	}
	return ErrorNoSocket
}

/*
Input/output multiplexing

If timeout < 0, wait forever until a matching event is detected

Only sockets with matching socket events are returned in the list.

The timeout is truncated to whole milliseconds, as zmq_poll takes it.

Example:

	poller := zmq.NewPoller()
	poller.Add(socket0, zmq.POLLIN)
	poller.Add(socket1, zmq.POLLIN)
	//  Process messages from both sockets
	for {
	    sockets, _ := poller.Poll(-1)
	    for _, socket := range sockets {
	        switch s := socket.Socket; s {
	        case socket0:
	            msg, _ := s.Recv(0)
	            //  Process msg
	        case socket1:
	            msg, _ := s.Recv(0)
	            //  Process msg
	        }
	    }
	}
*/
func (p *Poller) Poll(timeout time.Duration) ([]Polled, error) {
	return p.poll(timeout, false)
}

/*
This is like (*Poller)Poll, but it returns a list of all sockets,
in the same order as they were added to the poller,
not just those sockets that had an event.

For each socket in the list, you have to check the Events field
to see if there was actually an event.

When error is not nil, the return list contains no sockets.
*/
func (p *Poller) PollAll(timeout time.Duration) ([]Polled, error) {
	return p.poll(timeout, true)
}

// rebuild makes the zmqffi poller of the items: each socket once, waiting
// for the union of its items' events.
func (p *Poller) rebuild() error {
	zp := zmqffi.NewPoller()
	union := make(map[*zmqffi.Socket]State, len(p.items))
	for _, it := range p.items {
		union[it.soc.soc] |= it.events
	}
	for _, it := range p.items {
		ev, ok := union[it.soc.soc]
		if !ok {
			continue
		}
		delete(union, it.soc.soc)
		if ev&(POLLIN|POLLOUT) == 0 {
			continue
		}
		if err := zp.Add(it.soc.soc, zmqffi.PollEvent(ev&(POLLIN|POLLOUT))); err != nil {
			return it.soc.errget(err)
		}
	}
	p.zp, p.dirty = zp, false
	return nil
}

func (p *Poller) poll(timeout time.Duration, all bool) ([]Polled, error) {
	lst := make([]Polled, 0, len(p.items))

	if len(p.items) == 0 {
		return lst, nil
	}
	for _, it := range p.items {
		if !it.soc.opened() {
			return lst, it.soc.errClosed()
		}
	}
	if p.dirty || p.zp == nil {
		if err := p.rebuild(); err != nil {
			return lst, err
		}
	}

	if timeout > 0 {
		timeout = timeout.Truncate(time.Millisecond)
	}
	if timeout < 0 {
		timeout = -1
	}
	if p.zp.Len() == 0 {
		// zmq_poll with no event asked sleeps for the timeout.
		if timeout < 0 {
			select {}
		}
		time.Sleep(timeout)
		if all {
			for _, it := range p.items {
				lst = append(lst, Polled{it.soc, 0})
			}
		}
		return lst, nil
	}
	ready, err := p.zp.Poll(timeout)
	if err != nil {
		for _, r := range ready {
			for _, it := range p.items {
				if it.soc.soc == r.Socket {
					return lst, it.soc.errget(err)
				}
			}
		}
		return lst, p.items[0].soc.errget(err)
	}
	for _, it := range p.items {
		var rev State
		for _, r := range ready {
			if r.Socket == it.soc.soc {
				rev = State(r.Events) & (it.events | State(zmqffi.PollErr))
				break
			}
		}
		if all || it.events&rev != 0 {
			lst = append(lst, Polled{it.soc, rev})
		}
	}
	return lst, nil
}

// Poller as string.
func (p *Poller) String() string {
	str := make([]string, 0)
	for _, it := range p.items {
		str = append(str, fmt.Sprintf("%v%v", it.soc, it.events))
	}
	return fmt.Sprint("Poller", str)
}
