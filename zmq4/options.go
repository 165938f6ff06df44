package zmq4

import (
	"strings"

	"github.com/zmqffi/zmqffi/constants"
)

// The socket options go to the zmqffi socket by number, the number and the
// C type being those of the loaded version (package constants): options
// that were 64-bit on 2.x are read and written as such, and an option the
// version does not have fails with EINVAL, as libzmq answers.

// minor is the minor version pebbe/zmq4's checks compare ("requires 4.2"):
// -1 before libzmq 4.0.
func (soc *Socket) minor() int {
	if soc.ctx == nil {
		return 99
	}
	return soc.ctx.minor
}

func (soc *Socket) option(name string) (constants.Option, error) {
	if soc.soc == nil {
		return constants.Option{}, ErrorSocketClosed
	}
	if soc.ctx.table != nil {
		if o, ok := soc.ctx.table.Option(name); ok {
			return o, nil
		}
		if o, ok := soc.ctx.table.Option(optionAliases[name]); ok {
			return o, nil
		}
	}
	return constants.Option{}, errNoOption
}

// optionAliases are the options of older versions that serve where newer
// ones are missing: libzmq 2.x has one high-water mark for both directions.
var optionAliases = map[string]string{"ZMQ_SNDHWM": "ZMQ_HWM", "ZMQ_RCVHWM": "ZMQ_HWM"}

func (soc *Socket) getInt64(name string) (int64, error) {
	o, err := soc.option(name)
	if err != nil {
		return 0, err
	}
	var v int64
	switch o.Type {
	case constants.TypeInt64:
		v, err = soc.soc.OptionInt64(o.Number)
	case constants.TypeUint64:
		var u uint64
		u, err = soc.soc.OptionUint64(o.Number)
		v = int64(u)
	case constants.TypeUint32:
		var i int32
		i, err = soc.soc.OptionInt(o.Number)
		v = int64(uint32(i))
	default:
		var i int32
		i, err = soc.soc.OptionInt(o.Number)
		v = int64(i)
	}
	return v, soc.errget(err)
}

func (soc *Socket) getInt(name string) (int, error) {
	v, err := soc.getInt64(name)
	return int(v), err
}

func (soc *Socket) getUInt64(name string) (uint64, error) {
	v, err := soc.getInt64(name)
	return uint64(v), err
}

func (soc *Socket) getStringRaw(name string, bufsize int) (string, error) {
	o, err := soc.option(name)
	if err != nil {
		return "", err
	}
	b, err := soc.soc.OptionBytes(o.Number, bufsize)
	if err != nil {
		return "", soc.errget(err)
	}
	return string(b), nil
}

func (soc *Socket) getString(name string, bufsize int) (string, error) {
	s, err := soc.getStringRaw(name, bufsize)
	return strings.TrimRight(s, "\x00"), err
}

func (soc *Socket) setInt64(name string, value int64) error {
	o, err := soc.option(name)
	if err != nil {
		return err
	}
	switch o.Type {
	case constants.TypeInt64:
		err = soc.soc.SetOptionInt64(o.Number, value)
	case constants.TypeUint64:
		err = soc.soc.SetOptionUint64(o.Number, uint64(value))
	default:
		err = soc.soc.SetOptionInt(o.Number, int32(value))
	}
	return soc.errget(err)
}

func (soc *Socket) setInt(name string, value int) error { return soc.setInt64(name, int64(value)) }

func (soc *Socket) setUInt64(name string, value uint64) error {
	return soc.setInt64(name, int64(value))
}

func (soc *Socket) setString(name string, s string) error {
	o, err := soc.option(name)
	if err != nil {
		return err
	}
	return soc.errget(soc.soc.SetOptionBytes(o.Number, []byte(s)))
}

func (soc *Socket) setNullString(name string) error {
	o, err := soc.option(name)
	if err != nil {
		return err
	}
	return soc.errget(soc.soc.SetOptionBytes(o.Number, nil))
}
