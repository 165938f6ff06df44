package abi

import (
	"encoding/binary"
	"fmt"
	"math"
	"syscall"

	"github.com/zmqffi/zmqffi/constants"
)

// RawOptions is zmq_setsockopt/zmq_getsockopt on one socket, by number.
type RawOptions interface {
	SetRaw(number int, value []byte) error
	GetRaw(number int, buf []byte) (int, error)
}

// Options implements the by-name option methods of [Socket] for every
// backend: it looks the name up in the generated table of the loaded version
// (number, value type, access) and encodes the value with that version's
// exact width, which 4.x requires of getsockopt lengths.
type Options struct {
	Table *constants.Table
	// Version is the loaded library's version (for error messages; Table may
	// be the nearest older release's).
	Version constants.Version
	// Aliases maps a neutral name to the name this version uses for the same
	// thing, beyond the renames every backend shares (ROUTING_ID/IDENTITY,
	// CONNECT_ROUTING_ID/CONNECT_RID, IMMEDIATE/DELAY_ATTACH_ON_CONNECT).
	Aliases map[string]string
	Raw     RawOptions
}

// renames are libzmq's own renames of an option that kept its number.
var renames = map[string]string{
	"ROUTING_ID":         "IDENTITY",
	"IDENTITY":           "ROUTING_ID",
	"CONNECT_ROUTING_ID": "CONNECT_RID",
	"CONNECT_RID":        "CONNECT_ROUTING_ID",
	"IMMEDIATE":          "DELAY_ATTACH_ON_CONNECT",
	"ROUTER_MANDATORY":   "FAIL_UNROUTABLE",
}

// Lookup returns the option that the neutral name means in this version.
func (o *Options) Lookup(name string) (constants.Option, error) {
	if alias, ok := o.Aliases[name]; ok {
		if opt, ok := o.Table.Option("ZMQ_" + alias); ok && !opt.Draft {
			return opt, nil
		}
	}
	if opt, ok := o.Table.Option("ZMQ_" + name); ok && !opt.Draft {
		return opt, nil
	}
	if alias, ok := renames[name]; ok {
		if opt, ok := o.Table.Option("ZMQ_" + alias); ok && !opt.Draft {
			return opt, nil
		}
	}
	return constants.Option{}, NotSupported(o.Version, "socket option ZMQ_"+name)
}

func (o *Options) lookupFor(name string, access constants.Access) (constants.Option, error) {
	opt, err := o.Lookup(name)
	if err != nil {
		return opt, err
	}
	if opt.Access&access == 0 {
		what := "written"
		if access == constants.Read {
			what = "read"
		}
		return opt, fmt.Errorf("zmqffi: option %s cannot be %s: %w", opt.Name, what, syscall.EINVAL)
	}
	return opt, nil
}

// SetInt sets a numeric option, checking that v fits the version's type.
func (o *Options) SetInt(name string, v int64) error {
	opt, err := o.lookupFor(name, constants.Write)
	if err != nil {
		return err
	}
	return SetOptionInt(o.Raw, opt, v)
}

// SetOptionInt sets the numeric option opt, already looked up in the loaded
// version's table, with the exact width of its type; v must fit the type.
func SetOptionInt(raw RawOptions, opt constants.Option, v int64) error {
	var b [8]byte
	switch opt.Type {
	case constants.TypeInt, constants.TypeFD:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return rangeError(opt, v)
		}
		binary.NativeEndian.PutUint32(b[:], uint32(int32(v)))
		return raw.SetRaw(opt.Number, b[:4])
	case constants.TypeUint32:
		if v < 0 || v > math.MaxUint32 {
			return rangeError(opt, v)
		}
		binary.NativeEndian.PutUint32(b[:], uint32(v))
		return raw.SetRaw(opt.Number, b[:4])
	case constants.TypeInt64:
		binary.NativeEndian.PutUint64(b[:], uint64(v))
		return raw.SetRaw(opt.Number, b[:8])
	case constants.TypeUint64:
		if v < 0 {
			return rangeError(opt, v)
		}
		return SetOptionUint64(raw, opt, uint64(v))
	}
	return fmt.Errorf("zmqffi: option %s takes %s, not an integer: %w", opt.Name, opt.Type, syscall.EINVAL)
}

// SetOptionUint64 sets the numeric option opt to v: a uint64 option takes
// every value, a narrower or signed one those that fit it.
func SetOptionUint64(raw RawOptions, opt constants.Option, v uint64) error {
	if opt.Type != constants.TypeUint64 {
		if v > math.MaxInt64 {
			return fmt.Errorf("zmqffi: option %s takes %s; %d is out of range: %w", opt.Name, opt.Type, v, syscall.EINVAL)
		}
		return SetOptionInt(raw, opt, int64(v))
	}
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], v)
	return raw.SetRaw(opt.Number, b[:8])
}

// GetInt reads a numeric option with the exact width of the version's type.
func (o *Options) GetInt(name string) (int64, error) {
	opt, err := o.lookupFor(name, constants.Read)
	if err != nil {
		return 0, err
	}
	return GetOptionInt(o.Raw, opt)
}

// GetOptionInt reads the numeric option opt with the exact width of its
// type; a uint64 value above math.MaxInt64 reads as math.MaxInt64.
func GetOptionInt(raw RawOptions, opt constants.Option) (int64, error) {
	var b [8]byte
	switch opt.Type {
	case constants.TypeInt, constants.TypeFD:
		if _, err := raw.GetRaw(opt.Number, b[:4]); err != nil {
			return 0, err
		}
		return int64(int32(binary.NativeEndian.Uint32(b[:]))), nil
	case constants.TypeUint32:
		if _, err := raw.GetRaw(opt.Number, b[:4]); err != nil {
			return 0, err
		}
		return int64(binary.NativeEndian.Uint32(b[:])), nil
	case constants.TypeInt64, constants.TypeUint64:
		u, err := GetOptionUint64(raw, opt)
		if opt.Type == constants.TypeUint64 && u > math.MaxInt64 {
			return math.MaxInt64, err
		}
		return int64(u), err
	}
	return 0, fmt.Errorf("zmqffi: option %s holds %s, not an integer: %w", opt.Name, opt.Type, syscall.EINVAL)
}

// GetOptionUint64 reads the numeric option opt; a signed value reads as
// its two's complement.
func GetOptionUint64(raw RawOptions, opt constants.Option) (uint64, error) {
	if opt.Type != constants.TypeInt64 && opt.Type != constants.TypeUint64 {
		v, err := GetOptionInt(raw, opt)
		return uint64(v), err
	}
	var b [8]byte
	if _, err := raw.GetRaw(opt.Number, b[:8]); err != nil {
		return 0, err
	}
	return binary.NativeEndian.Uint64(b[:]), nil
}

// SetBytes sets a binary, string or key option.
func (o *Options) SetBytes(name string, v []byte) error {
	opt, err := o.lookupFor(name, constants.Write)
	if err != nil {
		return err
	}
	return SetOptionBytes(o.Raw, opt, v)
}

// SetOptionBytes sets the binary, string or key option opt.
func SetOptionBytes(raw RawOptions, opt constants.Option, v []byte) error {
	switch opt.Type {
	case constants.TypeBytes, constants.TypeString, constants.TypeKey:
		return raw.SetRaw(opt.Number, v)
	}
	return fmt.Errorf("zmqffi: option %s takes %s, not bytes: %w", opt.Name, opt.Type, syscall.EINVAL)
}

// maxOptionBytes bounds what a binary or string option can hold: endpoints
// (LAST_ENDPOINT) are the longest, and libzmq limits those well below this.
const maxOptionBytes = 4096

// GetBytes reads a binary, string or key option (a key as 40 Z85 characters);
// a string's terminating NUL is dropped.
func (o *Options) GetBytes(name string) ([]byte, error) {
	opt, err := o.lookupFor(name, constants.Read)
	if err != nil {
		return nil, err
	}
	return GetOptionBytes(o.Raw, opt)
}

// GetOptionBytes reads the binary, string or key option opt (a key as 40
// Z85 characters); a string's terminating NUL is dropped.
func GetOptionBytes(raw RawOptions, opt constants.Option) ([]byte, error) {
	size := maxOptionBytes
	switch opt.Type {
	case constants.TypeKey:
		size = 41
	case constants.TypeBytes, constants.TypeString:
	default:
		return nil, fmt.Errorf("zmqffi: option %s holds %s, not bytes: %w", opt.Name, opt.Type, syscall.EINVAL)
	}
	buf := make([]byte, size)
	n, err := raw.GetRaw(opt.Number, buf)
	if err != nil {
		return nil, err
	}
	buf = buf[:min(n, len(buf))]
	if opt.Type != constants.TypeBytes && len(buf) > 0 && buf[len(buf)-1] == 0 {
		buf = buf[:len(buf)-1]
	}
	return buf, nil
}

func rangeError(opt constants.Option, v int64) error {
	return fmt.Errorf("zmqffi: option %s takes %s; %d is out of range: %w", opt.Name, opt.Type, v, syscall.EINVAL)
}
