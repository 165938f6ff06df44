package constants

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/constants/internal/zmqheader"
)

var (
	v220  = Version{2, 2, 0}
	v325  = Version{3, 2, 5}
	v4010 = Version{4, 0, 10}
	v410  = Version{4, 1, 0}
	v411  = Version{4, 1, 1}
	v412  = Version{4, 1, 2}
	v418  = Version{4, 1, 8}
	v420  = Version{4, 2, 0}
	v423  = Version{4, 2, 3}
	v425  = Version{4, 2, 5}
	v430  = Version{4, 3, 0}
	v432  = Version{4, 3, 2}
	v433  = Version{4, 3, 3}
	v434  = Version{4, 3, 4}
	v435  = Version{4, 3, 5}
)

func table(t *testing.T, v Version) *Table {
	t.Helper()
	tb, ok := ForVersion(v)
	require.True(t, ok, v.String())
	require.Equal(t, v, tb.Version, "no exact table for %s", v)
	return tb
}

func TestTablesOrderAndVersions(t *testing.T) {
	var got []Version
	for _, tb := range Tables() {
		got = append(got, tb.Version)
	}
	assert.Equal(t, []Version{v220, v325, v4010, v410, v411, v412, v418, v420, v423, v425, v430, v432, v433, v434, v435}, got)

	// Tables returns a copy of the slice.
	ts := Tables()
	ts[0] = nil
	assert.NotNil(t, Tables()[0])
}

func TestTableInvariants(t *testing.T) {
	for _, tb := range Tables() {
		t.Run(tb.Version.String(), func(t *testing.T) {
			v := tb.Version
			want := int64(v.Major*10000 + v.Minor*100 + v.Patch)
			assert.Equal(t, want, tb.Constants["ZMQ_VERSION"])
			assert.Equal(t, int64(v.Major), tb.Constants["ZMQ_VERSION_MAJOR"])
			assert.Equal(t, int64(v.Minor), tb.Constants["ZMQ_VERSION_MINOR"])
			assert.Equal(t, int64(v.Patch), tb.Constants["ZMQ_VERSION_PATCH"])
			for n := range tb.DraftConstants {
				_, both := tb.Constants[n]
				assert.False(t, both, "%s is both stable and draft", n)
			}
			for n := range tb.Constants {
				assert.True(t, strings.HasPrefix(n, "ZMQ_") || n[0] == 'E', n)
			}
			require.NotEmpty(t, tb.Options)
			for n, o := range tb.Options {
				assert.Equal(t, n, o.Name)
				assert.NotEqual(t, "", o.Type.String())
				assert.False(t, strings.HasPrefix(o.Type.String(), "ValueType("), "%s: invalid type %d", n, o.Type)
				assert.Contains(t, []Access{Read, Write, ReadWrite}, o.Access, n)
				if o.Draft {
					assert.Equal(t, int64(o.Number), tb.DraftConstants[n], n)
					_, stable := tb.Option(n)
					assert.True(t, stable, "Option returns draft options too")
				} else {
					c, ok := tb.Constant(n)
					assert.True(t, ok, n)
					assert.Equal(t, int64(o.Number), c, n)
				}
			}
		})
	}
}

// TestSystemHeader compares the table of the system zmq.h's version with
// what zmqheader reads from that header.
func TestSystemHeader(t *testing.T) {
	const path = "/usr/include/zmq.h"
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("ZMQFFI_REQUIRE_HEADERS") == "1" {
			t.Fatalf("ZMQFFI_REQUIRE_HEADERS=1 but %s cannot be read: %v", path, err)
		}
		t.Skipf("%s not available (install libzmq3-dev, or set ZMQFFI_REQUIRE_HEADERS=1 to make this an error): %v", path, err)
	}
	defer f.Close()
	h, err := zmqheader.Parse(f)
	require.NoError(t, err)
	maj, mnr, pat, ok := h.Version()
	require.True(t, ok, "no version macros in %s", path)
	v := Version{maj, mnr, pat}
	tb, ok := ForVersion(v)
	if !ok || tb.Version != v {
		t.Skipf("%s is libzmq %s, for which no table is generated", path, v)
	}

	stable, draft := map[string]int64{}, map[string]int64{}
	for _, d := range h.Defines {
		if !strings.HasPrefix(d.Name, "ZMQ_") && !(d.Name[0] == 'E' && strings.ToUpper(d.Name) == d.Name) {
			continue
		}
		if d.Draft {
			draft[d.Name] = d.Value
		} else {
			stable[d.Name] = d.Value
		}
	}
	assert.Equal(t, stable, tb.Constants)
	assert.Equal(t, draft, tb.DraftConstants)
	for n, o := range tb.Options {
		d, ok := h.Lookup(n)
		if assert.True(t, ok, n) {
			assert.Equal(t, d.Value, int64(o.Number), n)
			assert.Equal(t, d.Draft, o.Draft, n)
		}
	}
}

func TestOptionFacts(t *testing.T) {
	type fact struct {
		name   string
		v      Version
		number int
		typ    ValueType
		access Access
		draft  bool
	}
	for _, f := range []fact{
		{"ZMQ_HWM", v220, 1, TypeUint64, ReadWrite, false},
		{"ZMQ_SWAP", v220, 3, TypeInt64, ReadWrite, false},
		{"ZMQ_AFFINITY", v220, 4, TypeUint64, ReadWrite, false},
		{"ZMQ_AFFINITY", v435, 4, TypeUint64, ReadWrite, false},
		{"ZMQ_IDENTITY", v220, 5, TypeBytes, ReadWrite, false},
		{"ZMQ_SUBSCRIBE", v220, 6, TypeBytes, Write, false},
		{"ZMQ_RATE", v220, 8, TypeInt64, ReadWrite, false},
		{"ZMQ_RATE", v325, 8, TypeInt, ReadWrite, false},
		{"ZMQ_RECOVERY_IVL", v220, 9, TypeInt64, ReadWrite, false},
		{"ZMQ_RECOVERY_IVL", v434, 9, TypeInt, ReadWrite, false},
		{"ZMQ_MCAST_LOOP", v220, 10, TypeInt64, ReadWrite, false},
		{"ZMQ_SNDBUF", v220, 11, TypeUint64, ReadWrite, false},
		{"ZMQ_SNDBUF", v325, 11, TypeInt, ReadWrite, false},
		{"ZMQ_RCVBUF", v220, 12, TypeUint64, ReadWrite, false},
		{"ZMQ_RCVMORE", v220, 13, TypeInt64, Read, false},
		{"ZMQ_RCVMORE", v325, 13, TypeInt, Read, false},
		{"ZMQ_RCVMORE", v435, 13, TypeInt, Read, false},
		{"ZMQ_FD", v220, 14, TypeFD, Read, false},
		{"ZMQ_EVENTS", v220, 15, TypeUint32, Read, false},
		{"ZMQ_EVENTS", v325, 15, TypeInt, Read, false},
		{"ZMQ_RECOVERY_IVL_MSEC", v220, 20, TypeInt64, ReadWrite, false},
		{"ZMQ_MAXMSGSIZE", v325, 22, TypeInt64, ReadWrite, false},
		{"ZMQ_SNDHWM", v325, 23, TypeInt, ReadWrite, false},
		{"ZMQ_LAST_ENDPOINT", v325, 32, TypeString, Read, false},
		{"ZMQ_ROUTER_MANDATORY", v325, 33, TypeInt, Write, false},
		{"ZMQ_FAIL_UNROUTABLE", v435, 33, TypeInt, Write, false},
		{"ZMQ_TCP_ACCEPT_FILTER", v325, 38, TypeString, Write, false},
		{"ZMQ_DELAY_ATTACH_ON_CONNECT", v325, 39, TypeInt, ReadWrite, false},
		{"ZMQ_IMMEDIATE", v4010, 39, TypeInt, ReadWrite, false},
		{"ZMQ_CURVE_PUBLICKEY", v4010, 48, TypeKey, ReadWrite, false},
		{"ZMQ_CURVE_SERVERKEY", v435, 50, TypeKey, ReadWrite, false},
		{"ZMQ_CONNECT_RID", v418, 61, TypeBytes, Write, false},
		{"ZMQ_XPUB_NODROP", v410, 69, TypeInt, Write, false},
		{"ZMQ_HEARTBEAT_IVL", v420, 75, TypeInt, ReadWrite, false},
		{"ZMQ_IDENTITY", v420, 5, TypeBytes, ReadWrite, false},
		{"ZMQ_ROUTING_ID", v423, 5, TypeBytes, ReadWrite, false},
		{"ZMQ_CONNECT_ROUTING_ID", v423, 61, TypeBytes, Write, false},
		{"ZMQ_ROUTING_ID", v425, 5, TypeBytes, ReadWrite, false},
		{"ZMQ_THREAD_SAFE", v425, 81, TypeInt, Read, false},
		{"ZMQ_VMCI_BUFFER_SIZE", v425, 85, TypeUint64, ReadWrite, false},
		{"ZMQ_BINDTODEVICE", v425, 92, TypeString, ReadWrite, true},
		{"ZMQ_BINDTODEVICE", v430, 92, TypeString, ReadWrite, false},
		{"ZMQ_BINDTODEVICE", v434, 92, TypeString, ReadWrite, false},
		{"ZMQ_GSSAPI_PRINCIPAL_NAMETYPE", v430, 90, TypeInt, ReadWrite, false},
		{"ZMQ_ROUTER_NOTIFY", v430, 97, TypeInt, ReadWrite, true},
		{"ZMQ_SOCKS_USERNAME", v432, 99, TypeString, ReadWrite, true},
		{"ZMQ_RECONNECT_STOP", v434, 109, TypeInt, ReadWrite, true},
		{"ZMQ_TOPICS_COUNT", v435, 116, TypeInt, Read, true},
		{"ZMQ_NORM_PUSH", v435, 124, TypeInt, ReadWrite, true},
	} {
		o, ok := table(t, f.v).Option(f.name)
		if assert.True(t, ok, "%s in %s", f.name, f.v) {
			assert.Equal(t, Option{Name: f.name, Number: f.number, Type: f.typ, Access: f.access, Draft: f.draft}, o, "%s in %s", f.name, f.v)
		}
	}

	absent := map[string][]Version{
		"ZMQ_HWM":               {v325, v4010, v418, v425, v434, v435},
		"ZMQ_SWAP":              {v325, v435},
		"ZMQ_MCAST_LOOP":        {v325, v435},
		"ZMQ_RECOVERY_IVL_MSEC": {v325, v435},
		"ZMQ_LAST_ENDPOINT":     {v220},
		"ZMQ_SNDHWM":            {v220},
		"ZMQ_IMMEDIATE":         {v220, v325},
		"ZMQ_ROUTING_ID":        {v418, v420},
		"ZMQ_HEARTBEAT_IVL":     {v418},
		"ZMQ_XPUB_NODROP":       {v4010},
		"ZMQ_SOCKS_USERNAME":    {v430},
		"ZMQ_IDENTITY_FD":       {v410}, // a constant of 4.1.0, not a value option
		"ZMQ_TOPICS_COUNT":      {v434},
		"ZMQ_BLOCKY":            {v220, v435}, // a context option, not a socket option
	}
	for name, vs := range absent {
		for _, v := range vs {
			_, ok := table(t, v).Option(name)
			assert.False(t, ok, "%s should not be an option of %s", name, v)
		}
	}
}

func TestConstantFacts(t *testing.T) {
	for _, tb := range Tables() {
		v := tb.Version
		for name, want := range map[string]int64{
			"EFSM": 156384763, "ENOCOMPATPROTO": 156384764, "ETERM": 156384765, "EMTHREAD": 156384766,
			"ZMQ_HAUSNUMERO": 156384712, "ENOTSUP": 95, "EPROTONOSUPPORT": 93, "ECONNREFUSED": 111,
			"ZMQ_PAIR": 0, "ZMQ_PUB": 1, "ZMQ_XREP": 6, "ZMQ_PUSH": 8, "ZMQ_XSUB": 10,
			"ZMQ_NOBLOCK": 1, "ZMQ_SNDMORE": 2, "ZMQ_POLLIN": 1, "ZMQ_POLLOUT": 2, "ZMQ_POLLERR": 4,
			"ZMQ_STREAMER": 1, "ZMQ_FORWARDER": 2, "ZMQ_QUEUE": 3,
		} {
			got, ok := tb.Constant(name)
			if assert.True(t, ok, "%s in %s", name, v) {
				assert.Equal(t, want, got, "%s in %s", name, v)
			}
		}
	}

	const absent = math.MinInt64
	type cell struct {
		v     Version
		value int64 // or absent
	}
	check := func(name string, cells ...cell) {
		t.Helper()
		for _, c := range cells {
			got, ok := table(t, c.v).Constant(name)
			if c.value == absent {
				assert.False(t, ok, "%s should be absent in %s", name, c.v)
				continue
			}
			if assert.True(t, ok, "%s in %s", name, c.v) {
				assert.Equal(t, c.value, got, "%s in %s", name, c.v)
			}
		}
	}
	check("ZMQ_STREAM", cell{v220, absent}, cell{v325, absent}, cell{v4010, 11}, cell{v435, 11})
	check("ZMQ_EVENT_ALL", cell{v220, absent}, cell{v325, 1023}, cell{v4010, 2047}, cell{v418, 65535}, cell{v435, 65535})
	check("ZMQ_MAX_SOCKETS_DFLT", cell{v220, absent}, cell{v325, 1024}, cell{v4010, 1023})
	check("ZMQ_GROUP_MAX_LENGTH", cell{v418, absent}, cell{v420, 15}, cell{v425, 15}, cell{v432, 15}, cell{v433, 255}, cell{v434, 255}, cell{v435, 255})
	check("ZMQ_IDENTITY_FD", cell{v4010, absent}, cell{v410, 67}, cell{v411, absent})
	check("ZMQ_DEFINED_STDINT", cell{v411, absent}, cell{v412, 1}, cell{v418, 1})
	check("ZMQ_MSG_T_SIZE", cell{v425, absent}, cell{v430, 6})
	check("EMSGSIZE", cell{v220, absent}, cell{v325, 90}, cell{v435, 90})
	check("ZMQ_UPSTREAM", cell{v220, 7}, cell{v325, absent})
	check("ZMQ_MSG_MORE", cell{v220, 1}, cell{v325, absent})
	check("ZMQ_MORE", cell{v220, absent}, cell{v325, 1})
	check("ZMQ_POLLPRI", cell{v418, absent}, cell{v420, 8})
	check("ZMQ_THREAD_PRIORITY_DFLT", cell{v325, absent}, cell{v418, -1}, cell{v435, -1})
	check("ZMQ_EVENT_HANDSHAKE_SUCCEEDED", cell{v425, absent}, cell{v430, 4096}, cell{v434, 4096})
	check("ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED", cell{v425, absent}, cell{v432, absent}, cell{v433, 0x30000000}, cell{v434, 0x30000000})

	// Draft-only names are not constants, but are in DraftConstants.
	for _, v := range []Version{v420, v423, v425, v430, v432, v433, v434, v435} {
		tb := table(t, v)
		_, ok := tb.Constant("ZMQ_SERVER")
		assert.False(t, ok)
		assert.Equal(t, int64(12), tb.DraftConstants["ZMQ_SERVER"])
	}
	assert.Equal(t, int64(2048), table(t, v425).DraftConstants["ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL"])
	assert.Equal(t, int64(131071), table(t, v434).DraftConstants["ZMQ_EVENT_ALL_V2"])
	assert.Equal(t, int64(3), table(t, v434).DraftConstants["ZMQ_RECONNECT_STOP_AFTER_DISCONNECT"])
	assert.Equal(t, int64(4), table(t, v435).DraftConstants["ZMQ_RECONNECT_STOP_AFTER_DISCONNECT"])
	assert.Equal(t, int64(-1), table(t, v435).Constants["ZMQ_THREAD_PRIORITY_DFLT"])
}

func TestForVersion(t *testing.T) {
	for _, c := range []struct {
		in, want Version
		ok       bool
	}{
		{v434, v434, true},
		{Version{4, 3, 6}, v435, true},
		{Version{4, 3, 3}, v433, true},
		{Version{4, 3, 2}, v432, true},
		{Version{4, 3, 1}, v430, true},
		{Version{4, 2, 4}, v423, true},
		{Version{4, 2, 2}, v420, true},
		{Version{4, 1, 7}, v412, true},
		{Version{4, 4, 0}, v435, true},
		{Version{4, 0, 0}, v4010, true},
		{Version{4, 0, 11}, v4010, true},
		{Version{4, 1, 0}, v410, true},
		{Version{3, 2, 0}, v325, true},
		{Version{3, 3, 0}, v325, true},
		{Version{2, 1, 11}, v220, true},
		{Version{2, 2, 99}, v220, true},
		{Version{5, 0, 0}, Version{}, false},
		{Version{1, 0, 0}, Version{}, false},
	} {
		tb, ok := ForVersion(c.in)
		assert.Equal(t, c.ok, ok, c.in.String())
		if c.ok && assert.NotNil(t, tb, c.in.String()) {
			assert.Equal(t, c.want, tb.Version, c.in.String())
		}
		if !c.ok {
			assert.Nil(t, tb)
		}
	}
}

// TestStable43Options: a 4.3.0-4.3.2 library gets a 4.3 table, so the options
// and context options that became stable in 4.3.0 are known and stable there
// (with 4.2.5's table they were draft or missing), and the drafts added in
// 4.3.2 are there too.
func TestStable43Options(t *testing.T) {
	for _, v := range []Version{v430, {4, 3, 1}, v432} {
		tb, ok := ForVersion(v)
		require.True(t, ok, v.String())
		assert.Equal(t, 4, tb.Version.Major)
		assert.Equal(t, 3, tb.Version.Minor, "%s picks %s", v, tb.Version)
		for _, name := range []string{"ZMQ_BINDTODEVICE", "ZMQ_GSSAPI_PRINCIPAL_NAMETYPE", "ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE"} {
			o, ok := tb.Option(name)
			if assert.True(t, ok, "%s in %s", name, v) {
				assert.False(t, o.Draft, "%s is stable in %s", name, v)
			}
		}
		for _, name := range []string{"ZMQ_THREAD_NAME_PREFIX", "ZMQ_THREAD_AFFINITY_CPU_ADD", "ZMQ_MSG_T_SIZE", "ZMQ_EVENT_HANDSHAKE_SUCCEEDED"} {
			_, ok := tb.Constant(name)
			assert.True(t, ok, "%s is a stable constant of %s", name, v)
		}
		o, ok := tb.Option("ZMQ_ROUTER_NOTIFY")
		if assert.True(t, ok, "ZMQ_ROUTER_NOTIFY in %s", v) {
			assert.True(t, o.Draft, "ZMQ_ROUTER_NOTIFY is draft in %s", v)
		}
	}
	tb := table(t, v432)
	o, ok := tb.Option("ZMQ_IN_BATCH_SIZE")
	if assert.True(t, ok) {
		assert.Equal(t, Option{Name: "ZMQ_IN_BATCH_SIZE", Number: 101, Type: TypeInt, Access: ReadWrite, Draft: true}, o)
	}
	_, ok = table(t, v430).Option("ZMQ_IN_BATCH_SIZE")
	assert.False(t, ok, "ZMQ_IN_BATCH_SIZE came with 4.3.2")
	o, ok = table(t, v425).Option("ZMQ_BINDTODEVICE")
	assert.True(t, ok && o.Draft, "4.2.5 has ZMQ_BINDTODEVICE as a draft only")
}

func TestStrings(t *testing.T) {
	assert.Equal(t, "4.3.4", v434.String())
	assert.Equal(t, "2.2.0", v220.String())
	assert.Equal(t, 0, v434.Compare(v434))
	assert.Equal(t, -1, v425.Compare(v434))
	assert.Equal(t, 1, v4010.Compare(Version{4, 0, 8}), "patch compares as a number")
	assert.Equal(t, -1, v220.Compare(v325))
	want := map[ValueType]string{
		TypeInt: "int", TypeInt64: "int64", TypeUint64: "uint64", TypeUint32: "uint32",
		TypeBytes: "bytes", TypeString: "string", TypeKey: "key", TypeFD: "fd", 0: "ValueType(0)",
	}
	for typ, s := range want {
		assert.Equal(t, s, typ.String())
	}
	assert.Equal(t, "ro", Read.String())
	assert.Equal(t, "wo", Write.String())
	assert.Equal(t, "rw", ReadWrite.String())
	assert.Equal(t, Read|Write, ReadWrite)
}
