package zmqffi

import (
	"encoding/binary"
	"fmt"
	"math"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// Option numbers the root package intercepts in the raw setters, because it
// keeps their values itself (the waits happen in Go, not in libzmq).
const (
	optRcvTimeo = 27 // ZMQ_RCVTIMEO, the same number in every version
	optSndTimeo = 28 // ZMQ_SNDTIMEO
)

// msOrInfinite converts a duration to libzmq's milliseconds: negative means
// forever (-1), and a positive duration under a millisecond rounds up to one
// so that it does not become "don't wait".
func msOrInfinite(d time.Duration) int64 {
	if d < 0 {
		return -1
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

func (s *Socket) setInt(name string, v int64) error {
	return s.st.call(func() error { return wrap("zmq_setsockopt", s.st.b.SetInt(name, v)) })
}

func (s *Socket) getInt(name string) (int64, error) {
	var v int64
	err := s.st.call(func() (err error) {
		v, err = s.st.b.GetInt(name)
		return wrap("zmq_getsockopt", err)
	})
	return v, err
}

func (s *Socket) setBytes(name string, v []byte) error {
	return s.st.call(func() error { return wrap("zmq_setsockopt", s.st.b.SetBytes(name, v)) })
}

func (s *Socket) getBytes(name string) ([]byte, error) {
	var v []byte
	err := s.st.call(func() (err error) {
		v, err = s.st.b.GetBytes(name)
		return wrap("zmq_getsockopt", err)
	})
	return v, err
}

// Subscribe adds a prefix filter on a SUB socket ("" receives everything).
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_SUBSCRIBE)
func (s *Socket) Subscribe(prefix string) error { return s.setBytes("SUBSCRIBE", []byte(prefix)) }

// Unsubscribe removes a prefix filter added by Subscribe.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_UNSUBSCRIBE)
func (s *Socket) Unsubscribe(prefix string) error {
	return s.setBytes("UNSUBSCRIBE", []byte(prefix))
}

// SetLinger sets how long queued messages are kept for delivery after Close
// (ZMQ_LINGER, milliseconds). Negative waits forever, which is libzmq's
// default; 0 drops them at once.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_LINGER)
func (s *Socket) SetLinger(d time.Duration) error { return s.setInt("LINGER", msOrInfinite(d)) }

// SetRcvTimeout bounds how long a receive without DontWait waits. Negative
// (the default) waits forever; 0 makes every receive non-blocking. The wait
// is kept by the binding, to the nanosecond; libzmq's ZMQ_RCVTIMEO is set to
// the same value in milliseconds.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_RCVTIMEO)
func (s *Socket) SetRcvTimeout(d time.Duration) error {
	if err := s.setInt("RCVTIMEO", msOrInfinite(d)); err != nil {
		return err
	}
	s.st.rcvTimeout.Store(int64(max(d, -1)))
	return nil
}

// SetSndTimeout bounds how long a send without DontWait waits; see
// SetRcvTimeout.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_SNDTIMEO)
func (s *Socket) SetSndTimeout(d time.Duration) error {
	if err := s.setInt("SNDTIMEO", msOrInfinite(d)); err != nil {
		return err
	}
	s.st.sndTimeout.Store(int64(max(d, -1)))
	return nil
}

// RcvTimeout returns the receive timeout set by SetRcvTimeout (-1ns: none).
func (s *Socket) RcvTimeout() time.Duration { return time.Duration(s.st.rcvTimeout.Load()) }

// SndTimeout returns the send timeout set by SetSndTimeout (-1ns: none).
func (s *Socket) SndTimeout() time.Duration { return time.Duration(s.st.sndTimeout.Load()) }

// SetSndHWM sets the send high-water mark in messages (0: no limit). On 2.x,
// which has one ZMQ_HWM for both directions, it sets that one.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_SNDHWM)
func (s *Socket) SetSndHWM(n int) error { return s.setInt("SNDHWM", int64(n)) }

// SetRcvHWM sets the receive high-water mark in messages (0: no limit). On
// 2.x it sets ZMQ_HWM, like SetSndHWM.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_RCVHWM)
func (s *Socket) SetRcvHWM(n int) error { return s.setInt("RCVHWM", int64(n)) }

// SndHWM returns the send high-water mark (ZMQ_HWM on 2.x).
func (s *Socket) SndHWM() (int, error) { v, err := s.getInt("SNDHWM"); return int(v), err }

// RcvHWM returns the receive high-water mark (ZMQ_HWM on 2.x).
func (s *Socket) RcvHWM() (int, error) { v, err := s.getInt("RCVHWM"); return int(v), err }

// Linger returns ZMQ_LINGER (-1ns: forever).
func (s *Socket) Linger() (time.Duration, error) {
	v, err := s.getInt("LINGER")
	if err != nil || v < 0 {
		return -1, err
	}
	return time.Duration(v) * time.Millisecond, nil
}

// SetIdentity sets the socket's identity, which ROUTER peers see as its
// routing id (ZMQ_IDENTITY; ZMQ_ROUTING_ID from 4.2): 1 to 255 bytes, not
// starting with a zero byte.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html (ZMQ_ROUTING_ID)
func (s *Socket) SetIdentity(id []byte) error { return s.setBytes("ROUTING_ID", id) }

// Identity returns the socket's identity.
func (s *Socket) Identity() ([]byte, error) { return s.getBytes("ROUTING_ID") }

// RcvMore reports whether the frame received last is followed by more frames
// of the same message (ZMQ_RCVMORE).
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_RCVMORE)
func (s *Socket) RcvMore() (bool, error) {
	var more bool
	err := s.st.call(func() error {
		if m, ok := s.st.rcvMorePutBackLocked(); ok {
			more = m
			return nil
		}
		m, e := s.st.b.RcvMore()
		more = m
		return errnoErr("zmq_getsockopt", e)
	})
	return more, err
}

// LastEndpoint returns the endpoint the socket bound last, with the port
// libzmq chose for a "*" (ZMQ_LAST_ENDPOINT). ErrNotSupported on 2.x.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_LAST_ENDPOINT)
func (s *Socket) LastEndpoint() (string, error) {
	b, err := s.getBytes("LAST_ENDPOINT")
	return string(b), err
}

// FD returns ZMQ_FD, a descriptor that becomes readable when the socket's
// state may have changed. It is edge-triggered and not a data channel: after
// it signals, check HasPollin/HasPollout, and drain the socket until they are
// false before waiting on it again. The descriptor belongs to libzmq: never
// read, write or close it.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_FD)
func (s *Socket) FD() (int, error) {
	var fd int
	err := s.st.call(func() (err error) {
		fd, err = s.st.b.FD()
		return wrap("zmq_getsockopt", err)
	})
	return fd, err
}

func (s *Socket) events() (int, error) {
	ev, err := s.st.readyEvents()
	return int(ev), err
}

// HasPollin reports whether a receive would not block now (ZMQ_EVENTS).
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_EVENTS)
func (s *Socket) HasPollin() (bool, error) {
	ev, err := s.events()
	return ev&abi.PollIn != 0, err
}

// HasPollout reports whether a send would not block now (ZMQ_EVENTS).
func (s *Socket) HasPollout() (bool, error) {
	ev, err := s.events()
	return ev&abi.PollOut != 0, err
}

// SetOptionInt sets the option numbered option to a C int, for options this
// package does not wrap. The number is the loaded version's (see package
// constants); libzmq checks it.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html
func (s *Socket) SetOptionInt(option int, value int32) error {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], uint32(value))
	if err := s.setRaw(option, b[:]); err != nil {
		return err
	}
	s.noteTimeout(option, int64(value))
	return nil
}

// SetOptionInt64 sets an int64 option by number.
func (s *Socket) SetOptionInt64(option int, value int64) error {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], uint64(value))
	return s.setRaw(option, b[:])
}

// SetOptionUint64 sets a uint64 option by number.
func (s *Socket) SetOptionUint64(option int, value uint64) error {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], value)
	return s.setRaw(option, b[:])
}

// SetOptionBytes sets a binary or string option by number.
func (s *Socket) SetOptionBytes(option int, value []byte) error { return s.setRaw(option, value) }

// OptionInt reads a C int option by number.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html
func (s *Socket) OptionInt(option int) (int32, error) {
	var b [4]byte
	if _, err := s.getRaw(option, b[:]); err != nil {
		return 0, err
	}
	return int32(binary.NativeEndian.Uint32(b[:])), nil
}

// OptionInt64 reads an int64 option by number.
func (s *Socket) OptionInt64(option int) (int64, error) {
	var b [8]byte
	if _, err := s.getRaw(option, b[:]); err != nil {
		return 0, err
	}
	return int64(binary.NativeEndian.Uint64(b[:])), nil
}

// OptionUint64 reads a uint64 option by number.
func (s *Socket) OptionUint64(option int) (uint64, error) {
	var b [8]byte
	if _, err := s.getRaw(option, b[:]); err != nil {
		return 0, err
	}
	return binary.NativeEndian.Uint64(b[:]), nil
}

// OptionBytes reads a binary or string option by number into a buffer of at
// most maxLen bytes (a string keeps its terminating NUL, as libzmq returns it).
func (s *Socket) OptionBytes(option int, maxLen int) ([]byte, error) {
	if maxLen < 0 || maxLen > math.MaxInt32 {
		return nil, fmt.Errorf("zmqffi: OptionBytes: maxLen %d out of range: %w", maxLen, syscall.EINVAL)
	}
	buf := make([]byte, maxLen)
	n, err := s.getRaw(option, buf)
	if err != nil {
		return nil, err
	}
	return buf[:min(n, len(buf))], nil
}

func (s *Socket) setRaw(option int, value []byte) error {
	return s.st.call(func() error { return wrap("zmq_setsockopt", s.st.b.SetRaw(option, value)) })
}

func (s *Socket) getRaw(option int, buf []byte) (int, error) {
	var n int
	err := s.st.call(func() (err error) {
		n, err = s.st.b.GetRaw(option, buf)
		return wrap("zmq_getsockopt", err)
	})
	return n, err
}

// noteTimeout keeps the binding's own timeouts in step with a raw set of
// ZMQ_RCVTIMEO or ZMQ_SNDTIMEO.
func (s *Socket) noteTimeout(option int, ms int64) {
	d := time.Duration(-1)
	if ms >= 0 {
		d = time.Duration(ms) * time.Millisecond
	}
	switch option {
	case optRcvTimeo:
		s.st.rcvTimeout.Store(int64(d))
	case optSndTimeo:
		s.st.sndTimeout.Store(int64(d))
	}
}
