package conformance

import (
	"errors"
	"os"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/constants"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// optionRenames are libzmq's renames of an option that kept its number: a
// release that lacks a name serves it under the other (written out here, not
// taken from the binding's tables, so that the test checks them).
var optionRenames = map[string][]string{
	"IDENTITY":                {"ROUTING_ID"},
	"ROUTING_ID":              {"IDENTITY"},
	"CONNECT_RID":             {"CONNECT_ROUTING_ID"},
	"CONNECT_ROUTING_ID":      {"CONNECT_RID"},
	"IMMEDIATE":               {"DELAY_ATTACH_ON_CONNECT"},
	"DELAY_ATTACH_ON_CONNECT": {"IMMEDIATE"},
	"ROUTER_MANDATORY":        {"FAIL_UNROUTABLE", "ROUTER_BEHAVIOR"},
	"FAIL_UNROUTABLE":         {"ROUTER_MANDATORY"},
	"ROUTER_BEHAVIOR":         {"ROUTER_MANDATORY"},
	"SNDHWM":                  {"HWM"},
	"RCVHWM":                  {"HWM"},
	"HWM":                     {"SNDHWM+RCVHWM"}, // 3.x+ split 2.x's HWM: setting it sets both
}

// optionSocketType is the socket type an option applies to; others take any
// socket (a DEALER).
func optionSocketType(name string) zmqffi.SocketType {
	switch name {
	case "SUBSCRIBE", "UNSUBSCRIBE":
		return zmqffi.SUB
	case "PROBE_ROUTER":
		return zmqffi.DEALER
	case "REQ_CORRELATE", "REQ_RELAXED":
		return zmqffi.REQ
	case "STREAM_NOTIFY":
		return zmqffi.STREAM
	case "CONNECT_RID", "CONNECT_ROUTING_ID", "FAIL_UNROUTABLE":
		return zmqffi.ROUTER
	case "ONLY_FIRST_SUBSCRIBE", "TOPICS_COUNT":
		return zmqffi.XPUB
	}
	for prefix, typ := range map[string]zmqffi.SocketType{"ROUTER_": zmqffi.ROUTER, "XPUB_": zmqffi.XPUB, "XSUB_": zmqffi.XSUB} {
		if strings.HasPrefix(name, prefix) {
			return typ
		}
	}
	return zmqffi.DEALER
}

// optionCapability is the build feature (Context.Has) an option needs.
func optionCapability(name string) string {
	for prefix, cap := range map[string]string{"GSSAPI_": "gssapi", "NORM_": "norm", "WSS_": "wss", "VMCI_": "vmci", "CURVE_": "curve"} {
		if strings.HasPrefix(name, prefix) {
			return cap
		}
	}
	return ""
}

// testCurveKey is a valid Z85 CURVE key.
const testCurveKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"

// optionTestValue is a legal value of the option other than def, its
// default (nil when unreadable).
func optionTestValue(name string, typ reflect.Type, def any) any {
	switch name {
	case "CURVE_PUBLICKEY", "CURVE_SECRETKEY", "CURVE_SERVERKEY":
		return testCurveKey
	case "TCP_ACCEPT_FILTER":
		return "127.0.0.1"
	case "SOCKS_PROXY":
		return "127.0.0.1:1080"
	case "BINDTODEVICE":
		return "lo"
	case "METADATA":
		return "X-zmqffi:conformance"
	case "IPC_FILTER_PID":
		return os.Getpid()
	case "IPC_FILTER_UID":
		return os.Getuid()
	case "IPC_FILTER_GID":
		return os.Getgid()
	case "MAX_MSGSZ":
		return 1 << 20
	case "SNDBUF", "RCVBUF":
		return 1 << 17
	case "TCP_KEEPALIVE_CNT", "TCP_KEEPALIVE_IDLE", "TCP_KEEPALIVE_INTVL":
		return 30 // 3.2 refuses 0
	case "THREAD_AFFINITY_CPU_ADD", "THREAD_AFFINITY_CPU_REMOVE":
		return 0
	}
	switch typ.Kind() {
	case reflect.Bool:
		b, _ := def.(bool)
		return !b
	case reflect.String:
		return "zmqffi-" + strings.ToLower(name)
	case reflect.Slice:
		return []byte("zmqffi-" + strings.ToLower(name))
	}
	if typ == reflect.TypeFor[time.Duration]() {
		d, _ := def.(time.Duration)
		if d < 0 {
			d = 0
		}
		return d + 2*time.Second
	}
	rv := reflect.New(typ).Elem()
	if def != nil {
		rv.Set(reflect.ValueOf(def))
	}
	if rv.CanInt() {
		rv.SetInt(rv.Int() + 1)
	} else {
		rv.SetUint(rv.Uint() + 1)
	}
	return rv.Interface()
}

// tableOption finds the option in the release's table under its name or a
// rename, as a library with or without the draft API has it.
// A rename "A+B" stands for both options, with the access they share.
func tableOption(table *constants.Table, name string, drafts bool) (constants.Option, bool) {
next:
	for _, group := range append([]string{name}, optionRenames[name]...) {
		var found constants.Option
		for i, n := range strings.Split(group, "+") {
			o, ok := table.Option("ZMQ_" + n)
			if !ok || (o.Draft && !drafts) {
				continue next
			}
			if i == 0 {
				found = o
			}
			found.Access &= o.Access
		}
		return found, true
	}
	return constants.Option{}, false
}

func requireNotSupported(t *testing.T, err error, name string, v zmqffi.Version) {
	t.Helper()
	require.ErrorIs(t, err, zmqffi.ErrNotSupported)
	assert.Contains(t, err.Error(), "ZMQ_"+name)
	assert.Contains(t, err.Error(), v.String())
}

// testAllOptions sets and reads every socket option of every release through
// Socket.SetOption and Socket.Option, which call the typed methods: a
// release that has the option round-trips a value other than the default,
// one that lacks it says ErrNotSupported with the option's name.
func testAllOptions(t *testing.T, ctx *zmqffi.Context) {
	v := ctx.Version()
	table, ok := constants.ForVersion(constants.Version{Major: v.Major, Minor: v.Minor, Patch: v.Patch})
	require.True(t, ok)
	drafts, err := ctx.Has("draft")
	require.NoError(t, err)
	infos := zmqffi.SocketOptions()
	for _, tb := range constants.Tables() {
		for name := range tb.Options {
			assert.Truef(t, hasOption(infos, strings.TrimPrefix(name, "ZMQ_")), "%s of %s has no by-name entry", name, tb.Version)
		}
	}
	for _, info := range infos {
		t.Run(info.Name, func(t *testing.T) {
			typ := optionSocketType(info.Name)
			if typ == zmqffi.STREAM && v.Major < 4 {
				typ = zmqffi.DEALER // STREAM came with 4.0, with its options
			}
			if strings.HasPrefix(info.Name, "IPC_FILTER_") && runtime.GOOS == "windows" {
				// libzmq has them where SO_PEERCRED or LOCAL_PEERCRED
				// exist, and refuses them (EINVAL) elsewhere.
				t.Skip("no peer credentials of ipc connections on Windows")
			}
			s := NewSocket(t, ctx, typ)
			opt, present := tableOption(table, info.Name, drafts)
			if present && optionCapability(info.Name) != "" {
				has, err := ctx.Has(optionCapability(info.Name))
				require.NoError(t, err)
				present = has
			}
			canRead := present && info.Gettable && opt.Access&constants.Read != 0
			canWrite := present && info.Settable && opt.Access&constants.Write != 0
			var def any
			if info.Gettable {
				got, err := s.Option(info.Name)
				if !canRead {
					requireNotSupported(t, err, info.Name, v)
				} else {
					require.NoError(t, err)
					require.IsType(t, reflect.Zero(info.Type).Interface(), got)
					def = got
				}
			}
			if !info.Settable {
				return
			}
			want := optionTestValue(info.Name, info.Type, def)
			err := s.SetOption(info.Name, want)
			if !canWrite {
				requireNotSupported(t, err, info.Name, v)
				return
			}
			require.NoError(t, err, "set %v", want)
			if !canRead {
				return
			}
			got, err := s.Option(info.Name)
			require.NoError(t, err)
			assert.Equal(t, want, got, "round trip of %s", info.Name)
			if info.Name == "HWM" {
				for _, dir := range []string{"SNDHWM", "RCVHWM"} {
					got, err := s.Option(dir)
					require.NoError(t, err)
					assert.Equal(t, want, got, "%s after HWM", dir)
				}
			}
		})
	}
}

func hasOption(infos []zmqffi.OptionInfo, name string) bool {
	for _, i := range infos {
		if i.Name == name {
			return true
		}
	}
	return false
}

// testOptionsByName checks the by-name API's errors and its conversions of
// values (pyzmq's setsockopt(zmq.LINGER, 0) style).
func testOptionsByName(t *testing.T, ctx *zmqffi.Context) {
	s := NewSocket(t, ctx, zmqffi.DEALER)
	err := s.SetOption("NO_SUCH_OPTION", 1)
	require.ErrorIs(t, err, zmqffi.ErrUnknownOption)
	assert.Contains(t, err.Error(), "NO_SUCH_OPTION")
	_, err = s.Option("NO_SUCH_OPTION")
	require.ErrorIs(t, err, zmqffi.ErrUnknownOption)

	err = s.SetOption("LINGER", "forever")
	require.ErrorIs(t, err, zmqffi.ErrOptionType)
	require.ErrorIs(t, err, syscall.EINVAL)
	assert.Contains(t, err.Error(), "ZMQ_LINGER")
	assert.Contains(t, err.Error(), "string")
	require.ErrorIs(t, s.SetOption("IMMEDIATE", 2), zmqffi.ErrOptionType)
	require.ErrorIs(t, s.SetOption("BACKLOG", uint64(1)<<40), syscall.EINVAL, "out of a C int's range")
	require.ErrorIs(t, s.SetOption("BACKLOG", 1.5), zmqffi.ErrOptionType)
	require.ErrorIs(t, s.SetOption("TYPE", 1), syscall.EINVAL, "read-only")
	_, err = s.Option("SUBSCRIBE")
	require.ErrorIs(t, err, syscall.EINVAL, "write-only")

	// libzmq's names in any case, with or without ZMQ_, and plain integers in
	// libzmq's unit.
	require.NoError(t, s.SetOption("zmq_linger", 250))
	got, err := s.Option("ZMQ_LINGER")
	require.NoError(t, err)
	assert.Equal(t, 250*time.Millisecond, got)
	require.NoError(t, s.SetOption("Backlog", int16(42)))
	got, err = s.Option("backlog")
	require.NoError(t, err)
	assert.Equal(t, 42, got)
	// -1 is the OS default buffer size on every release (0 before 4.2).
	require.NoError(t, s.SetSndBuf(-1))
	buf, err := s.SndBuf()
	require.NoError(t, err)
	assert.Equal(t, -1, buf)
	require.NoError(t, s.SetOption("ROUTING_ID", "by-name"))
	id, err := s.Identity()
	require.NoError(t, err)
	assert.Equal(t, []byte("by-name"), id)
	typ, err := s.Option("TYPE")
	require.NoError(t, err)
	assert.Equal(t, zmqffi.DEALER, typ)

	require.NoError(t, s.Close())
	_, err = s.Option("LINGER")
	require.ErrorIs(t, err, zmqffi.ErrClosed)
	require.ErrorIs(t, s.SetOption("BACKLOG", 5), zmqffi.ErrClosed)
	require.ErrorIs(t, s.SetReconnectIvl(time.Second), zmqffi.ErrClosed)

	// libzmq's own refusal names the option.
	err = NewSocket(t, ctx, zmqffi.DEALER).SetReconnectIvlMax(-5 * time.Second)
	var ze *zmqffi.Error
	require.ErrorAs(t, err, &ze)
	assert.Equal(t, "zmq_setsockopt(ZMQ_RECONNECT_IVL_MAX)", ze.Op)
	require.ErrorIs(t, err, syscall.EINVAL)

	r := NewSocket(t, ctx, zmqffi.ROUTER)
	err = r.SetOption("ROUTER_MANDATORY", 1)
	if ctx.Version().Major == 2 {
		requireNotSupported(t, err, "ROUTER_MANDATORY", ctx.Version())
		return
	}
	require.NoError(t, err)
	require.NoError(t, r.SetRouterMandatory(true))
	// The option at work: a message for an unknown peer fails instead of
	// vanishing.
	err = r.SendMultipart([][]byte{[]byte("nobody"), []byte("x")}, zmqffi.DontWait)
	require.True(t, errors.Is(err, syscall.EHOSTUNREACH), "got %v", err)
}

// testContextOptions sets and reads every context option, each on a new
// context that never starts its I/O threads (thread options apply when they
// start, and a scheduling change the host refuses aborts libzmq).
func testContextOptions(t *testing.T, tg testenv.Target) {
	probe := NewContext(t, tg)
	v := probe.Version()
	drafts, err := probe.Has("draft")
	require.NoError(t, err)
	table, ok := constants.ForVersion(constants.Version{Major: v.Major, Minor: v.Minor, Patch: v.Patch})
	require.True(t, ok)
	_, err = probe.Option("NO_SUCH_OPTION")
	require.ErrorIs(t, err, zmqffi.ErrUnknownOption)
	require.ErrorIs(t, probe.SetOption("PUB", 1), zmqffi.ErrUnknownOption, "a constant that is no context option")
	for _, info := range zmqffi.ContextOptions() {
		t.Run(info.Name, func(t *testing.T) {
			ctx := NewContext(t, tg)
			_, present := table.Constants["ZMQ_"+info.Name]
			if _, draft := table.DraftConstants["ZMQ_"+info.Name]; draft && drafts {
				present = true
			}
			present = present && v.Major >= 3
			readable := present && info.Gettable && !(v.Major == 4 && v.Minor < 3 && threadOption(info.Name))
			var def any
			if info.Gettable {
				got, err := ctx.Option(info.Name)
				if !readable {
					requireNotSupported(t, err, info.Name, v)
				} else {
					require.NoError(t, err)
					def = got
				}
			} else {
				_, err := ctx.Option(info.Name)
				require.Error(t, err)
			}
			if !info.Settable {
				require.Error(t, ctx.SetOption(info.Name, 1))
				return
			}
			want := optionTestValue(info.Name, reflect.TypeFor[int](), def)
			if info.Type.Kind() == reflect.Bool {
				want = 1
				if def == 1 {
					want = 0
				}
			}
			if info.Name == "THREAD_AFFINITY_CPU_REMOVE" && present {
				require.NoError(t, ctx.SetOption("THREAD_AFFINITY_CPU_ADD", 0), "a CPU to remove")
			}
			err := ctx.SetOption(info.Name, want.(int))
			if !present {
				requireNotSupported(t, err, info.Name, v)
				return
			}
			require.NoError(t, err)
			if readable {
				got, err := ctx.Option(info.Name)
				require.NoError(t, err)
				assert.Equal(t, want, got)
			}
		})
	}
	typed := NewContext(t, tg)
	err = typed.SetIPv6(true)
	if v.Major < 4 {
		requireNotSupported(t, err, "IPV6", v)
	} else {
		require.NoError(t, err)
		on, err := typed.IPv6()
		require.NoError(t, err)
		assert.True(t, on)
	}
	require.NoError(t, typed.Term())
	if v.Major >= 3 {
		require.ErrorIs(t, typed.SetMaxSockets(10), zmqffi.ErrClosed)
		_, err = typed.Option("MAX_SOCKETS")
		require.ErrorIs(t, err, zmqffi.ErrClosed)
	}
}

// threadOption reports the options zmq_ctx_get reads only from 4.3.
func threadOption(name string) bool {
	return name == "THREAD_SCHED_POLICY" || name == "THREAD_NAME_PREFIX"
}
