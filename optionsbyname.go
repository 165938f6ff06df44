package zmqffi

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// The typed option methods (options_gen.go) are generated from the
// constants tables and internal/genoptions/options.txt.
//go:generate go run ./internal/genoptions -spec internal/genoptions/options.txt -o options_gen.go

// optKind is the Go type of an option's value.
type optKind uint8

const (
	kindBool optKind = iota + 1
	kindInt
	kindInt64
	kindUint64
	kindDur
	kindString
	kindBytes
	kindKey
	kindEvents
	kindFd
	kindMechanism
	kindSocketType
)

var kindTypes = map[optKind]reflect.Type{
	kindBool: reflect.TypeFor[bool](), kindInt: reflect.TypeFor[int](), kindInt64: reflect.TypeFor[int64](),
	kindUint64: reflect.TypeFor[uint64](), kindDur: reflect.TypeFor[time.Duration](),
	kindString: reflect.TypeFor[string](), kindBytes: reflect.TypeFor[[]byte](), kindKey: reflect.TypeFor[string](),
	kindEvents: reflect.TypeFor[PollEvent](), kindFd: reflect.TypeFor[int](),
	kindMechanism: reflect.TypeFor[Mechanism](), kindSocketType: reflect.TypeFor[SocketType](),
}

// sockopt describes one socket option for the generated methods.
type sockopt struct {
	name        string            // libzmq's name without ZMQ_
	kind        optKind           // the Go type of the methods' value
	same        []string          // libzmq's other names for it, tried when a release lacks name ("A+B": both)
	units       []unitRule        // a duration's unit where it is not a millisecond
	needs       string            // the capability (Context.Has) a build needs for it
	zeroDefault []string          // selectors of the releases where 0, not -1, means "the OS default"
	getFrom     constants.Version // the first release that can read it, when not the first that has it
}

// unitRule gives the unit of a duration option in the releases that
// selector selects: "2" every 2.x.y, "4.3" every 4.3.y, "4.3.5" that one.
type unitRule struct {
	selector string
	unit     time.Duration
}

// byName is a socket option's entry in the by-name table: the typed methods
// that SetOption and Option call.
type byName struct {
	opt *sockopt
	set func(*Socket, *sockopt, any) error
	get func(*Socket) (any, error)
}

// ctxopt describes one context option.
type ctxopt struct {
	name    string
	kind    optKind // kindInt or kindBool
	access  constants.Access
	getFrom constants.Version // as sockopt's
}

// selects reports whether a version selector ("2", "4.3", "4.3.5") covers v.
func selects(selector string, v constants.Version) bool {
	return v.String() == selector || strings.HasPrefix(v.String()+".", selector+".")
}

// unreadableIn reports whether release v is older than getFrom, the first
// release that can read an option (the zero Version: every release).
func unreadableIn(v, getFrom constants.Version) bool { return v.Less(getFrom) }

func (o *sockopt) unit(v constants.Version) time.Duration {
	for _, u := range o.units {
		if selects(u.selector, v) {
			return u.unit
		}
	}
	return time.Millisecond
}

func (s *Socket) version() constants.Version { return s.ctx.st.b.Version() }

// resolve finds the option in the loaded release's table, under its name or
// one of its other names, and checks that the release can read or write it.
// An other name may be a group ("SNDHWM+RCVHWM": 2.x's HWM on 3.x+), which
// a write sets in full and a read reads the first of.
func (s *Socket) resolve(o *sockopt, access constants.Access) ([]constants.Option, error) {
	v := s.version()
	feature := "socket option ZMQ_" + o.name
	table, _ := constants.ForVersion(v)
	draftOnly := false
	for i := -1; i < len(o.same); i++ {
		names := []string{o.name}
		if i >= 0 {
			names = strings.Split(o.same[i], "+")
		}
		var opts []constants.Option
		for _, name := range names {
			opt, ok := table.Options["ZMQ_"+name]
			if ok && opt.Draft && !s.ctx.st.hasDraftAPI() {
				draftOnly, ok = true, false
			}
			if !ok {
				opts = nil
				break
			}
			opts = append(opts, opt)
		}
		if opts == nil {
			continue
		}
		for _, opt := range opts {
			if opt.Access&access == 0 || (access == constants.Read && unreadableIn(v, o.getFrom)) {
				what := "reading "
				if access == constants.Write {
					what = "writing "
				}
				return nil, abi.NotSupported(v, what+feature)
			}
		}
		if access == constants.Read {
			opts = opts[:1]
		}
		return opts, nil
	}
	if draftOnly {
		feature += " (draft API: a libzmq built with --enable-drafts)"
	}
	return nil, abi.NotSupported(v, feature)
}

// optCall resolves o and runs fn on the socket, under its lock, for each
// option o stands for in the loaded release.
func (s *Socket) optCall(o *sockopt, access constants.Access, fn func(abi.Socket, constants.Option) error) error {
	opts, err := s.resolve(o, access)
	if err != nil {
		return err
	}
	op := "zmq_getsockopt"
	if access == constants.Write {
		op = "zmq_setsockopt"
	}
	err = s.st.call(func() error {
		for _, opt := range opts {
			if err := fn(s.st.b, opt); err != nil {
				return wrap(op+"("+opt.Name+")", err) // "zmq_setsockopt(ZMQ_ROUTER_MANDATORY)"
			}
		}
		return nil
	})
	if err != nil && o.needs != "" && errors.Is(err, syscall.EINVAL) {
		if has, herr := s.ctx.Has(o.needs); herr == nil && !has {
			return abi.NotSupported(s.version(), "socket option ZMQ_"+o.name+" (this build of libzmq has no "+o.needs+")")
		}
	}
	return err
}

// writeOpt writes v to o with set, one of abi's typed option writers.
func writeOpt[T any](s *Socket, o *sockopt, set func(abi.RawOptions, constants.Option, T) error, v T) error {
	return s.optCall(o, constants.Write, func(b abi.Socket, opt constants.Option) error { return set(b, opt, v) })
}

// setIntOpt sets an integer option. Where a release spells "the OS
// default" 0 instead of -1 (SNDBUF before 4.2), a negative value is sent as 0.
func (s *Socket) setIntOpt(o *sockopt, v int64) error {
	if v < 0 && o.zeroIsDefault(s.version()) {
		v = 0
	}
	return writeOpt(s, o, abi.SetOptionInt, v)
}

func (o *sockopt) zeroIsDefault(v constants.Version) bool {
	for _, sel := range o.zeroDefault {
		if selects(sel, v) {
			return true
		}
	}
	return false
}
func (s *Socket) setUintOpt(o *sockopt, v uint64) error {
	return writeOpt(s, o, abi.SetOptionUint64, v)
}
func (s *Socket) setBytesOpt(o *sockopt, v []byte) error {
	return writeOpt(s, o, abi.SetOptionBytes, v)
}

// setDurOpt sets a duration in the option's unit for the loaded release:
// negative is -1, and a positive remainder rounds up, so that a small
// positive duration never becomes 0.
func (s *Socket) setDurOpt(o *sockopt, d time.Duration) error {
	if d < 0 {
		return s.setIntOpt(o, -1)
	}
	u := o.unit(s.version())
	return s.setIntOpt(o, int64((d+u-1)/u))
}

// readOpt reads o with get, one of abi's typed option readers.
func readOpt[T any](s *Socket, o *sockopt, get func(abi.RawOptions, constants.Option) (T, error)) (T, error) {
	var v T
	err := s.optCall(o, constants.Read, func(b abi.Socket, opt constants.Option) (err error) {
		v, err = get(b, opt)
		return err
	})
	return v, err
}

// intOpt reads an integer option; a release's 0 for "the OS default" reads
// as -1, as 4.2+ report it.
func (s *Socket) intOpt(o *sockopt) (int64, error) {
	v, err := readOpt(s, o, abi.GetOptionInt)
	if err == nil && v == 0 && o.zeroIsDefault(s.version()) {
		v = -1
	}
	return v, err
}

func (s *Socket) uintOpt(o *sockopt) (uint64, error)  { return readOpt(s, o, abi.GetOptionUint64) }
func (s *Socket) bytesOpt(o *sockopt) ([]byte, error) { return readOpt(s, o, abi.GetOptionBytes) }

// durOpt reads a duration in the option's unit; a negative value (libzmq's
// "none" or "forever") reads as -1ns.
func (s *Socket) durOpt(o *sockopt) (time.Duration, error) {
	v, err := s.intOpt(o)
	if err != nil || v < 0 {
		return -1, err
	}
	u := o.unit(s.version())
	if v > int64(math.MaxInt64/u) {
		return math.MaxInt64, nil
	}
	return time.Duration(v) * u, nil
}

// Events returns ZMQ_EVENTS: whether a receive (PollIn) or a send (PollOut)
// would not block now. A message given back to the socket by a stopped
// Channel counts as PollIn.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html (ZMQ_EVENTS)
func (s *Socket) Events() (PollEvent, error) {
	ev, err := s.events()
	return PollEvent(ev), err
}

// optionName turns "zmq_router_mandatory", "ZMQ_ROUTER_MANDATORY" or
// "ROUTER_MANDATORY" into the tables' "ROUTER_MANDATORY".
func optionName(name string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(name)), "ZMQ_")
}

// SetOption sets the socket option called name — libzmq's name with or
// without ZMQ_, in any case ("ROUTER_MANDATORY", "zmq_linger") — through the
// option's typed method, as pyzmq's setsockopt does. value has the method's
// Go type or one that converts without loss: any integer for int, int64 and
// uint64 options; a bool, or an integer 0 or 1, for bool options; a
// time.Duration, or an integer in libzmq's unit for the loaded release
// (milliseconds, seconds for RECOVERY_IVL on 2.x), for durations; a string or
// []byte for text and binary options.
//
// Errors match ErrUnknownOption for a name no release has, ErrOptionType for
// a value of another type (both match syscall.EINVAL too), ErrNotSupported (naming the option and the
// version) for an option the loaded library lacks, and syscall.EINVAL for a
// read-only option. [SocketOptions] lists the names.
//
// https://libzmq.readthedocs.io/en/latest/zmq_setsockopt.html
func (s *Socket) SetOption(name string, value any) error {
	e, err := lookupSocketOption(name)
	if err != nil {
		return err
	}
	if e.set == nil {
		return fmt.Errorf("zmqffi: socket option ZMQ_%s is read-only: %w", e.opt.name, syscall.EINVAL)
	}
	return e.set(s, e.opt, value)
}

// Option reads the socket option called name (see [Socket.SetOption] for the
// names) through its typed getter, and returns the getter's value: a bool,
// int, int64, uint64, time.Duration, string, []byte, PollEvent, Mechanism or
// SocketType ([OptionInfo].Type says which). A write-only option's error
// matches syscall.EINVAL.
//
// https://libzmq.readthedocs.io/en/latest/zmq_getsockopt.html
func (s *Socket) Option(name string) (any, error) {
	e, err := lookupSocketOption(name)
	if err != nil {
		return nil, err
	}
	if e.get == nil {
		return nil, fmt.Errorf("zmqffi: socket option ZMQ_%s is write-only: %w", e.opt.name, syscall.EINVAL)
	}
	return e.get(s)
}

func lookupSocketOption(name string) (*byName, error) {
	e, ok := socketOptions[optionName(name)]
	if !ok {
		return nil, fmt.Errorf("zmqffi: %q is no socket option of any libzmq release: %w (%w)", name, ErrUnknownOption, syscall.EINVAL)
	}
	return e, nil
}

// setVia makes a by-name setter of a typed one, converting the value.
func setVia[T any](set func(*Socket, T) error) func(*Socket, *sockopt, any) error {
	return func(s *Socket, o *sockopt, value any) error {
		v, err := convertOption[T](s, o, value)
		if err != nil {
			return err
		}
		return set(s, v)
	}
}

// getVia and getNoErrVia make by-name getters of typed ones.
func getVia[T any](get func(*Socket) (T, error)) func(*Socket) (any, error) {
	return func(s *Socket) (any, error) {
		v, err := get(s)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
}

func getNoErrVia[T any](get func(*Socket) T) func(*Socket) (any, error) {
	return func(s *Socket) (any, error) { return get(s), nil }
}

// convertOption converts a by-name value to T, the typed method's parameter.
func convertOption[T any](s *Socket, o *sockopt, value any) (T, error) {
	var out T
	if v, ok := value.(T); ok {
		return v, nil
	}
	rv := reflect.ValueOf(value)
	bad := func(why string) (T, error) {
		return out, fmt.Errorf("zmqffi: socket option ZMQ_%s takes %s, not %T%s: %w (%w)", o.name, reflect.TypeFor[T](), value, why, ErrOptionType, syscall.EINVAL)
	}
	switch p := any(&out).(type) {
	case *bool:
		n, ok := integer(rv)
		if !ok {
			return bad("")
		}
		if n != 0 && n != 1 {
			return bad(fmt.Sprintf(" %v (an integer must be 0 or 1)", value))
		}
		*p = n == 1
	case *int, *int64, *uint64:
		if rv.Kind() == reflect.Bool {
			rv = reflect.ValueOf(boolInt(rv.Bool()))
		}
		if !rv.IsValid() || !(rv.CanInt() || rv.CanUint()) {
			return bad("")
		}
		dst := reflect.ValueOf(p).Elem()
		if rv.CanInt() && dst.CanInt() && !dst.OverflowInt(rv.Int()) {
			dst.SetInt(rv.Int())
		} else if rv.CanUint() && dst.CanInt() && rv.Uint() <= math.MaxInt64 && !dst.OverflowInt(int64(rv.Uint())) {
			dst.SetInt(int64(rv.Uint()))
		} else if rv.CanUint() && dst.CanUint() {
			dst.SetUint(rv.Uint())
		} else if rv.CanInt() && dst.CanUint() && rv.Int() >= 0 {
			dst.SetUint(uint64(rv.Int()))
		} else {
			return bad(fmt.Sprintf(" %v (out of range)", value))
		}
	case *time.Duration:
		n, ok := integer(rv)
		if !ok {
			return bad("")
		}
		if n < 0 {
			*p = -1
		} else if u := o.unit(s.version()); n > math.MaxInt64/int64(u) {
			return bad(fmt.Sprintf(" %v (out of range)", value))
		} else {
			*p = time.Duration(n) * u
		}
	case *string:
		b, ok := value.([]byte)
		if !ok {
			return bad("")
		}
		*p = string(b)
	case *[]byte:
		str, ok := value.(string)
		if !ok {
			return bad("")
		}
		*p = []byte(str)
	default:
		return bad("")
	}
	return out, nil
}

// integer returns the value of an integer of any Go integer type (not a
// bool), if it fits an int64.
func integer(rv reflect.Value) (int64, bool) {
	switch {
	case !rv.IsValid() || rv.Kind() == reflect.Bool:
		return 0, false
	case rv.CanInt():
		return rv.Int(), true
	case rv.CanUint() && rv.Uint() <= math.MaxInt64:
		return int64(rv.Uint()), true
	}
	return 0, false
}

// OptionInfo describes an option that the by-name methods know.
type OptionInfo struct {
	// Name is libzmq's name without ZMQ_ ("ROUTER_MANDATORY").
	Name string
	// Type is the Go type SetOption takes and Option returns.
	Type reflect.Type
	// Settable and Gettable say whether some libzmq release can write or
	// read the option; the loaded one may not (ErrNotSupported).
	Settable, Gettable bool
}

// SocketOptions returns every socket option of every libzmq release 2.2.0 to
// 4.3.5 that [Socket.SetOption] and [Socket.Option] know, sorted by name.
func SocketOptions() []OptionInfo {
	out := make([]OptionInfo, 0, len(socketOptions))
	for name, e := range socketOptions {
		out = append(out, OptionInfo{Name: name, Type: kindTypes[e.opt.kind], Settable: e.set != nil, Gettable: e.get != nil})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ContextOptions returns every context option that [Context.SetOption] and
// [Context.Option] know, sorted by name. Their values are C ints; a bool
// option takes 0 or 1.
func ContextOptions() []OptionInfo {
	out := make([]OptionInfo, 0, len(contextOptions))
	for name, o := range contextOptions {
		out = append(out, OptionInfo{Name: name, Type: kindTypes[o.kind],
			Settable: o.access&constants.Write != 0, Gettable: o.access&constants.Read != 0})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// resolveContextOption finds a context option's number in the loaded
// release's table and checks that the release can read or write it.
func (c *Context) resolveContextOption(o *ctxopt, access constants.Access) (abi.ContextRawOptioner, int, error) {
	v := c.st.b.Version()
	feature := "context option ZMQ_" + o.name
	raw, ok := c.st.c.(abi.ContextRawOptioner)
	if !ok {
		return nil, 0, abi.NotSupported(v, feature+" (zmq_ctx_set and zmq_ctx_get came with libzmq 3.2)")
	}
	table, _ := constants.ForVersion(v)
	num, ok := table.Constants["ZMQ_"+o.name]
	if !ok {
		if num, ok = table.DraftConstants["ZMQ_"+o.name]; ok && !c.st.hasDraftAPI() {
			return nil, 0, abi.NotSupported(v, feature+" (draft API: a libzmq built with --enable-drafts)")
		}
	}
	if !ok {
		return nil, 0, abi.NotSupported(v, feature)
	}
	if access == constants.Read && o.access&constants.Read == 0 {
		return nil, 0, fmt.Errorf("zmqffi: %s is write-only: %w", feature, syscall.EINVAL)
	}
	if access == constants.Write && o.access&constants.Write == 0 {
		return nil, 0, fmt.Errorf("zmqffi: %s is read-only: %w", feature, syscall.EINVAL)
	}
	if access == constants.Read && unreadableIn(v, o.getFrom) {
		return nil, 0, abi.NotSupported(v, "reading "+feature)
	}
	return raw, int(num), nil
}

func (c *Context) setOpt(o *ctxopt, value int) error {
	raw, num, err := c.resolveContextOption(o, constants.Write)
	if err != nil {
		return err
	}
	if value < math.MinInt32 || value > math.MaxInt32 {
		return fmt.Errorf("zmqffi: context option ZMQ_%s takes a C int; %d is out of range: %w", o.name, value, syscall.EINVAL)
	}
	return c.live(func() error { return wrap("zmq_ctx_set(ZMQ_"+o.name+")", raw.SetContextRaw(num, value)) })
}

func (c *Context) opt(o *ctxopt) (int, error) {
	raw, num, err := c.resolveContextOption(o, constants.Read)
	if err != nil {
		return 0, err
	}
	var v int
	err = c.live(func() (err error) {
		v, err = raw.ContextRaw(num)
		if v == -1 {
			// zmq_ctx_get returns -1 both for a failure and for a value of
			// -1 (THREAD_SCHED_POLICY's default), leaving a stale errno in
			// the second case. The option is known to be readable here and
			// the context live, so -1 is its value.
			return nil
		}
		return wrap("zmq_ctx_get(ZMQ_"+o.name+")", err)
	})
	return v, err
}

func lookupContextOption(name string) (*ctxopt, error) {
	o, ok := contextOptions[optionName(name)]
	if !ok {
		return nil, fmt.Errorf("zmqffi: %q is no context option of any libzmq release: %w (%w)", name, ErrUnknownOption, syscall.EINVAL)
	}
	return o, nil
}

// SetOption sets the context option called name — libzmq's name with or
// without ZMQ_, in any case ("IO_THREADS", "MAX_SOCKETS", "IPV6", "BLOCKY",
// ...; [ContextOptions] lists them) — to value (a bool option takes 0 or 1;
// the typed methods such as SetIPv6 take a bool). Errors match
// ErrUnknownOption (and syscall.EINVAL) for a name no release has, ErrNotSupported on 2.x, which
// has no context options, and for an option the loaded release lacks, and
// syscall.EINVAL for a read-only option.
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_set.html
func (c *Context) SetOption(name string, value int) error {
	o, err := lookupContextOption(name)
	if err != nil {
		return err
	}
	return c.setOpt(o, value)
}

// Option reads the context option called name (see [Context.SetOption]).
//
// https://libzmq.readthedocs.io/en/latest/zmq_ctx_get.html
func (c *Context) Option(name string) (int, error) {
	o, err := lookupContextOption(name)
	if err != nil {
		return 0, err
	}
	return c.opt(o)
}
