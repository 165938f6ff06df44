// Package constants holds the numeric constants and socket-option metadata of
// every supported libzmq release (2.2.0 to 4.3.5), one [Table] per release.
//
// The tables are generated (tables_gen.go) from the zmq.h of each release by
// internal/genconstants, as a C program compiled on x86_64 Linux would see
// them: errno names that zmq.h only defines when the system lacks them carry
// the Linux value (ENOTSUP = 95), the libzmq-specific ones (EFSM, ETERM, …)
// the ZMQ_HAUSNUMERO-based value. Option value types are not in zmq.h; they
// come from a hand-written specification in internal/genconstants transcribed
// from measurements on the real libraries (2.x used 64-bit values for HWM,
// RATE, SNDBUF, RCVMORE and others that became C int in 3.x).
//
// Use [ForVersion] with the version the loaded library reports through
// zmq_version to get the matching table.
package constants

import "strconv"

// ValueType is the C type of a socket option's value as zmq_setsockopt and
// zmq_getsockopt exchange it.
type ValueType uint8

// Option value types.
const (
	// TypeInt is a C int (4 bytes).
	TypeInt ValueType = iota + 1
	// TypeInt64 is a signed 64-bit integer (int64_t).
	TypeInt64
	// TypeUint64 is an unsigned 64-bit integer (uint64_t).
	TypeUint64
	// TypeUint32 is an unsigned 32-bit integer (uint32_t; 2.x ZMQ_EVENTS).
	TypeUint32
	// TypeBytes is a binary value of any length (ZMQ_SUBSCRIBE,
	// ZMQ_IDENTITY).
	TypeBytes
	// TypeString is text; zmq_getsockopt returns it NUL-terminated.
	TypeString
	// TypeKey is a CURVE key: 32 raw bytes or 40 Z85 characters (get: a
	// buffer of 32 gives raw bytes, 41 gives Z85 plus NUL).
	TypeKey
	// TypeFD is a file descriptor: a C int on POSIX (SOCKET on Windows).
	TypeFD
)

// String returns the short name of t ("int", "int64", "uint64", "uint32",
// "bytes", "string", "key", "fd").
func (t ValueType) String() string {
	switch t {
	case TypeInt:
		return "int"
	case TypeInt64:
		return "int64"
	case TypeUint64:
		return "uint64"
	case TypeUint32:
		return "uint32"
	case TypeBytes:
		return "bytes"
	case TypeString:
		return "string"
	case TypeKey:
		return "key"
	case TypeFD:
		return "fd"
	}
	return "ValueType(" + strconv.Itoa(int(t)) + ")"
}

// Access says whether an option can be read (zmq_getsockopt), written
// (zmq_setsockopt) or both. Read and Write are bit flags.
type Access uint8

// Access flags.
const (
	// Read means zmq_getsockopt accepts the option.
	Read Access = 1 << iota
	// Write means zmq_setsockopt accepts the option.
	Write
	// ReadWrite is Read|Write.
	ReadWrite = Read | Write
)

// String returns "ro", "wo", "rw", or "none".
func (a Access) String() string {
	switch a {
	case Read:
		return "ro"
	case Write:
		return "wo"
	case ReadWrite:
		return "rw"
	case 0:
		return "none"
	}
	return "Access(" + strconv.Itoa(int(a)) + ")"
}

// Option describes one socket option of one libzmq release.
type Option struct {
	// Name is the C name, e.g. "ZMQ_LINGER".
	Name string
	// Number is the option number passed to zmq_setsockopt/zmq_getsockopt.
	Number int
	// Type is the value type in this release.
	Type ValueType
	// Access says whether the option can be read, written or both.
	Access Access
	// Draft is true when zmq.h defines the name only under
	// ZMQ_BUILD_DRAFT_API. Release builds reject some draft options and
	// accept others; treat a draft option as unsupported unless probed.
	Draft bool
}

// Version is a libzmq release number.
type Version struct {
	// Major is ZMQ_VERSION_MAJOR.
	Major int
	// Minor is ZMQ_VERSION_MINOR.
	Minor int
	// Patch is ZMQ_VERSION_PATCH.
	Patch int
}

// String returns the version as "4.3.4".
func (v Version) String() string {
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w.
func (v Version) Compare(w Version) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// Table is the set of constants and socket options of one libzmq release.
// Tables are shared: do not modify them.
type Table struct {
	// Version is the release the table was generated from.
	Version Version
	// Constants holds every integer #define named ZMQ_* or E* that zmq.h
	// makes visible without ZMQ_BUILD_DRAFT_API, socket options included.
	Constants map[string]int64
	// DraftConstants holds the additional names visible only with
	// ZMQ_BUILD_DRAFT_API (none of them is in Constants).
	DraftConstants map[string]int64
	// Options holds the socket options by C name, aliases (ZMQ_IDENTITY and
	// ZMQ_ROUTING_ID, …) included, draft ones with Draft set.
	Options map[string]Option
}

// Constant returns the value of a stable constant ("ZMQ_PUB", "ETERM").
// Draft-only names are not found; read DraftConstants for them.
func (t *Table) Constant(name string) (int64, bool) {
	v, ok := t.Constants[name]
	return v, ok
}

// Option returns the socket option called name ("ZMQ_LINGER"). Draft-only
// options are returned too, with Draft set, because release builds of 4.2
// and 4.3 accept some of them (ZMQ_RECONNECT_STOP, ZMQ_SOCKS_USERNAME, …);
// callers that want the stable API only must check Draft.
func (t *Table) Option(name string) (Option, bool) {
	o, ok := t.Options[name]
	return o, ok
}

// Tables returns every generated table, oldest release first. The slice is
// a copy; the tables are shared.
func Tables() []*Table {
	return append([]*Table(nil), tables...)
}

// ForVersion returns the table for release v. Without a table for exactly v
// it returns the newest table of the same major version that is not newer
// than v (4.3.6 → 4.3.5, 4.3.1 → 4.3.0), or else the oldest table of that
// major version (4.0.0 → 4.0.10). It returns false only when no table has
// v's major version. Compare the result's Version with v to know whether the
// match is exact.
func ForVersion(v Version) (*Table, bool) {
	var best, oldest *Table
	for _, t := range tables {
		if t.Version.Major != v.Major {
			continue
		}
		if oldest == nil || t.Version.Compare(oldest.Version) < 0 {
			oldest = t
		}
		if t.Version.Compare(v) <= 0 && (best == nil || t.Version.Compare(best.Version) > 0) {
			best = t
		}
	}
	if best != nil {
		return best, true
	}
	return oldest, oldest != nil
}
