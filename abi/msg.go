package abi

import "unsafe"

// MsgSize is the storage reserved for one zmq_msg_t: 64 bytes, the size from
// libzmq 4.1 on, and larger than the 40 bytes of 2.x and the 32 bytes of 3.x
// and 4.0.
const MsgSize = 64

// Msg is storage for one zmq_msg_t of any libzmq version: 64 bytes, 8-byte
// aligned (the 3.x header declares it unaligned, but the library stores
// pointers in it). It must not be copied while libzmq holds it initialised.
type Msg [MsgSize / 8]uint64

// Ptr returns the address to pass as zmq_msg_t*. Convert it inside the call's
// argument list: uintptr(m.Ptr()).
func (m *Msg) Ptr() unsafe.Pointer { return unsafe.Pointer(m) }

// PollItem mirrors zmq_pollitem_t, the same in every libzmq version: void
// *socket; int fd (a SOCKET on Windows, see [SocketFD]); short events; short
// revents.
type PollItem struct {
	Socket  uintptr
	FD      SocketFD
	Events  int16
	Revents int16
}

// CString returns s as a NUL-terminated byte slice, and false if s holds a NUL
// byte (libzmq would silently read a shorter string).
func CString(s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return nil, false
		}
	}
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b, true
}

// GoString copies the NUL-terminated C string at p (at most max bytes). It
// reads no byte past the NUL: the string may lie inside a zmq_msg_t in Go
// memory (zmq_msg_group of a short group), near the end of that object.
func GoString(p uintptr, max int) string {
	if p == 0 {
		return ""
	}
	base := CPointer(p)
	n := 0
	for n < max && *(*byte)(unsafe.Add(base, n)) != 0 {
		n++
	}
	return string(unsafe.Slice((*byte)(base), n))
}

// CPointer converts the address of C memory (returned by a C function) to an
// unsafe.Pointer. The address is not Go memory, so the garbage collector has
// nothing to track; going through a pointer-typed copy keeps vet's
// uintptr-to-Pointer check, which is about Go memory, quiet.
func CPointer(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// CopyC returns a new slice holding the n bytes at data (C memory): empty,
// not nil, when n is 0. make of the source's length followed by copy is the
// form the compiler turns into one allocation that is not zeroed first, and
// of exactly n bytes, which the tiny allocator packs (append would round up
// to a size class).
func CopyC(data uintptr, n int) []byte {
	if n == 0 {
		return []byte{}
	}
	src := unsafe.Slice((*byte)(CPointer(data)), n)
	out := make([]byte, len(src))
	copy(out, src)
	return out
}
