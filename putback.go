package zmqffi

import (
	"fmt"
	"syscall"
)

// rxState is what a socket receives from besides libzmq: the message a
// Channel took from libzmq and gave back when it stopped, handed out before
// anything libzmq still queues; and whether a Channel owns the socket now.
// A socket has one from its first Channel on (st.rx, nil before); st.mu
// guards it.
type rxState struct {
	pend  [][]byte // the frames given back; nil when none are left
	off   int      // how many of them were handed out already
	owned bool     // a Channel runs on the socket
}

// errChannelOwns is returned by the sends and receives of a socket on which
// a Channel runs.
var errChannelOwns = fmt.Errorf("zmqffi: a Channel runs on the socket and owns its sends and receives until it has stopped (see Channel.Done): %w", syscall.EBUSY)

// errPutBackMetadata is returned by RecvWithMetadata when the next message is
// one a Channel gave back: a Channel keeps no metadata.
var errPutBackMetadata = fmt.Errorf("zmqffi: RecvWithMetadata: the next message was given back by a stopped Channel, which keeps no metadata; receive it with Recv or RecvMultipart: %w", syscall.ENOMSG)

// putBackLocked is asked, with st.mu held and st.rx not nil, by every receive
// before it calls libzmq: it hands out the next frame given back (ok), or
// refuses the receive while a Channel owns the socket (err), or leaves the
// receive to libzmq (neither).
func (st *socketState) putBackLocked() (frame []byte, more, ok bool, err error) {
	rx := st.rx
	if rx.owned {
		return nil, false, false, errChannelOwns
	}
	if rx.pend == nil {
		return nil, false, false, nil
	}
	frame = rx.pend[rx.off]
	rx.off++
	more = rx.off < len(rx.pend)
	if !more {
		rx.pend, rx.off = nil, 0
	}
	return frame, more, true, nil
}

// putBackPartsLocked is putBackLocked for a whole message: the frames given
// back that are left of one (nil when none), with st.mu held and st.rx not
// nil.
func (st *socketState) putBackPartsLocked() ([][]byte, error) {
	var parts [][]byte
	for {
		b, more, ok, err := st.putBackLocked()
		if err != nil || !ok {
			return parts, err
		}
		parts = append(parts, b)
		if !more {
			return parts, nil
		}
	}
}

// putBack is putBackLocked for the receives that have not taken the socket
// yet (those that wait through doVia).
func (st *socketState) putBack() (frame []byte, more, ok bool, err error) {
	if err := st.lock(); err != nil {
		return nil, false, false, err
	}
	defer st.mu.Unlock()
	if st.rx == nil {
		return nil, false, false, nil
	}
	return st.putBackLocked()
}

// ownedLocked reports, with st.mu held, whether a Channel owns the socket.
func (st *socketState) ownedLocked() bool { return st.rx != nil && st.rx.owned }

// hasPutBackLocked reports, with st.mu held, whether frames given back by a
// Channel wait: the socket is readable whatever libzmq says.
func (st *socketState) hasPutBackLocked() bool { return st.rx != nil && st.rx.pend != nil }

// rcvMorePutBackLocked is ZMQ_RCVMORE as the frames given back make it, with
// st.mu held: known (ok) while some of them wait. Before the first of them is
// handed out, the frame received last ended a message (a Channel takes and
// gives back whole messages).
func (st *socketState) rcvMorePutBackLocked() (more, ok bool) {
	if !st.hasPutBackLocked() {
		return false, false
	}
	return st.rx.off > 0, true
}

// putBackLocked reports, with every socket of the one-library Poller
// locked, whether one that is polled for PollIn has frames given back.
func (p *Poller) putBackLocked() bool {
	for i := range p.items {
		if it := &p.items[i]; it.sock != nil && it.events&PollIn != 0 && it.sock.st.hasPutBackLocked() {
			return true
		}
	}
	return false
}

// addPutBackLocked adds PollIn to the zmq_poll results of the sockets with
// frames given back, and returns how many became ready by that alone.
func (p *Poller) addPutBackLocked() int {
	n := 0
	for i := range p.items {
		it := &p.items[i]
		if it.sock == nil || it.events&PollIn == 0 || !it.sock.st.hasPutBackLocked() {
			continue
		}
		if p.zitems[i].Revents == 0 {
			n++
		}
		p.zitems[i].Revents |= int16(PollIn)
	}
	return n
}

// hasPutBack reports whether frames given back by a Channel wait, or
// errChannelOwns while a Channel runs.
func (st *socketState) hasPutBack() (bool, error) {
	if err := st.lock(); err != nil {
		return false, err
	}
	defer st.mu.Unlock()
	if st.ownedLocked() {
		return false, errChannelOwns
	}
	return st.hasPutBackLocked(), nil
}
