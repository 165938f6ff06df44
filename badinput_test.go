package zmqffi_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/constants"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// The table-driven bad-input tests, on every conformance target; the fuzz
// targets in fuzz_test.go take the same inputs as seeds and go further.
// ZMQFFI_BIG_FRAME_MB adds a frame of that many MB (scripts/stress: 100).

func TestBadInputEndpoints(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // see FuzzEndpoint
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		for _, ep := range endpointSeeds {
			ep, ok := sandboxEndpoint(dir, ep)
			require.True(t, ok, ep)
			within(t, fmt.Sprintf("endpoint %q", ep), func() error { return tryEndpoint(ctx, ep) })
		}
		// A NUL byte never reaches libzmq, which would read a shorter name.
		s := conformance.NewSocket(t, ctx, zmqffi.PAIR)
		require.ErrorIs(t, s.Bind("inproc://a\x00b"), syscall.EINVAL)
		require.NoError(t, s.Bind("inproc://a"))
	})
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "tmp") { // libzmq's "ipc://*" directories
			assert.True(t, strings.HasPrefix(e.Name(), "s"), "%s: only sandboxed ipc files", e.Name())
		}
	}
}

// optionValues are the values every option is set to, by kind (see
// tryOption): each C type at its limits, and wrong-sized values.
var optionValues = []struct {
	kind uint8
	ival int64
	bval []byte
}{
	{0, -1, nil}, {0, 0, nil}, {0, math.MaxInt32, nil}, {0, math.MinInt32, nil},
	{1, -1, nil}, {1, math.MaxInt64, nil}, {1, math.MinInt64, nil},
	{2, -1, nil}, {2, 0, nil},
	{3, 0, nil}, {3, 0, []byte{}}, {3, 0, []byte{0}}, {3, 0, []byte("ünïcødé")}, {3, 0, bytes.Repeat([]byte{0xff}, 300)},
	{3, 0, []byte{1, 2, 3}}, {3, 0, make([]byte, 8)}, {3, 0, bytes.Repeat([]byte("k"), 40)},
}

// TestBadInputOptions sets every socket option the loaded version knows, and
// numbers it does not know, to values of every type and size (wrong ones
// included), on several socket types, then reads them back every way.
func TestBadInputOptions(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		v := ctx.Version()
		table, ok := constants.ForVersion(v)
		require.True(t, ok)
		numbers := map[int]bool{-1: true, 0: true, 200: true, 1 << 20: true, math.MaxInt32: true, math.MinInt32: true}
		for _, o := range table.Options {
			numbers[o.Number] = true
		}
		// Options of the newest release, unknown to older ones.
		newest := constants.Tables()[len(constants.Tables())-1]
		for _, o := range newest.Options {
			numbers[o.Number] = true
		}
		calls := 0
		for num := range numbers {
			for i, val := range optionValues {
				typ := []zmqffi.SocketType{zmqffi.SUB, zmqffi.DEALER, zmqffi.ROUTER, zmqffi.XPUB}[i%4]
				within(t, fmt.Sprintf("option %d kind %d value %d/%q on %s", num, val.kind, val.ival, val.bval, typ), func() error {
					return tryOption(ctx, num, val.kind, val.ival, val.bval, []int{0, 1, 8, 256}[i%4], int(typ))
				})
				calls++
			}
		}
		t.Logf("%d options × %d values", len(numbers), len(optionValues))
		// The typed setters at their limits.
		for i, d := range []int64{-5, -1, 0, 1, math.MaxInt32, math.MaxInt64, math.MinInt64} {
			for kind := uint8(4); kind < 8; kind++ {
				within(t, fmt.Sprintf("typed setter %d value %d", kind, d), func() error {
					return tryOption(ctx, 0, kind, d, []byte("ünï"), 0, i%11)
				})
			}
		}
		// Wrong identities get libzmq's EINVAL (a leading zero byte,
		// reserved, is accepted by libzmq).
		s := conformance.NewSocket(t, ctx, zmqffi.DEALER)
		for _, id := range [][]byte{nil, {}, bytes.Repeat([]byte("i"), 256)} {
			err := s.SetIdentity(id)
			if v.Major > 2 || len(id) > 0 {
				require.Error(t, err, "identity %q", id)
				require.NoError(t, clearError(err))
			}
		}
	})
}

// TestBadInputUnsupported calls what the loaded version lacks: a clear
// ErrNotSupported, or libzmq's own error, never a crash.
func TestBadInputUnsupported(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		v := ctx.Version()
		s := conformance.NewSocket(t, ctx, zmqffi.SUB)
		_, err := s.LastEndpoint()
		errs := []error{err, s.Unbind("tcp://127.0.0.1:1"), s.Disconnect("tcp://127.0.0.1:1"), ctx.Shutdown(), ctx.SetOption("BLOCKY", 0)}
		_, err = ctx.Socket(zmqffi.STREAM)
		errs = append(errs, err)
		_, err = ctx.Option("MAX_MSGSZ")
		errs = append(errs, err)
		for i, err := range errs {
			require.NoError(t, clearError(err), "call %d", i)
		}
		switch v.Major {
		case 2:
			for _, err := range errs {
				require.ErrorIs(t, err, zmqffi.ErrNotSupported)
				assert.Contains(t, err.Error(), v.String(), "the error names the version")
			}
		case 3:
			require.ErrorIs(t, errs[3], zmqffi.ErrNotSupported, "Shutdown")
			require.ErrorIs(t, errs[5], zmqffi.ErrNotSupported, "STREAM")
		}
	})
}

// TestBadInputSocketTypes asks for socket types that do not exist.
func TestBadInputSocketTypes(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		for _, typ := range []int{-1, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 100, math.MaxInt32, math.MinInt32, math.MaxInt, math.MinInt} {
			s, err := ctx.Socket(zmqffi.SocketType(typ))
			if s != nil {
				// A draft type (SERVER, CLIENT, ...) of a draft build.
				require.NoError(t, err)
				require.NoError(t, s.Close())
				continue
			}
			require.Error(t, err, "type %d", typ)
			require.NoError(t, clearError(err))
			if typ < 12 || typ > 20 {
				require.ErrorIs(t, err, syscall.EINVAL, "type %d", typ)
			}
			assert.Contains(t, err.Error(), "socket type")
		}
	})
}

// TestBadInputFrames sends the frames that are edge cases: nil, empty, many
// empty parts, zero parts, large ones, with every flag combination.
func TestBadInputFrames(t *testing.T) {
	big := bytes.Repeat([]byte("b"), 1<<20)
	cases := []struct {
		name  string
		parts [][]byte
	}{
		{"nil parts", nil},
		{"zero parts", [][]byte{}},
		{"one nil frame", [][]byte{nil}},
		{"one empty frame", [][]byte{{}}},
		{"three empty frames", [][]byte{nil, {}, nil}},
		{"unicode", [][]byte{[]byte("ünïcødé"), []byte("😀"), {0xff, 0xfe}}},
		{"1 MB", [][]byte{big}},
		{"1 MB after empty", [][]byte{nil, big, nil}},
		{"100 one-byte frames", bytes.SplitAfter(bytes.Repeat([]byte("x"), 100), []byte("x"))[:100]},
	}
	if mb := envCount(t, "ZMQFFI_BIG_FRAME_MB", 0); mb > 0 {
		cases = append(cases, struct {
			name  string
			parts [][]byte
		}{fmt.Sprintf("%d MB", mb), [][]byte{bytes.Repeat([]byte("B"), mb<<20)}})
	}
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		for _, c := range cases {
			for _, flags := range []zmqffi.Flag{0, zmqffi.DontWait, zmqffi.SndMore, zmqffi.DontWait | zmqffi.SndMore} {
				for _, bufLen := range []int{0, 1} { // RecvMultipart, RecvInto with 1 byte
					start := time.Now()
					within(t, fmt.Sprintf("%s, flags %d", c.name, flags), func() error {
						return tryFrames(ctx, c.parts, flags, bufLen)
					})
					if d := time.Since(start); d > time.Second {
						t.Logf("%s: %v", c.name, d.Round(time.Millisecond))
					}
				}
			}
		}
		// RecvInto with no buffer reports the frame's size.
		a, b := conformance.NewSocket(t, ctx, zmqffi.PAIR), conformance.NewSocket(t, ctx, zmqffi.PAIR)
		require.NoError(t, b.Connect(conformance.BindEndpoint(t, a, "inproc")))
		require.NoError(t, a.SendString("twelve bytes", 0))
		n, err := b.RecvInto(nil, 0)
		require.NoError(t, err)
		require.Equal(t, 12, n)
		require.ErrorIs(t, a.SendMultipart(nil, 0), syscall.EINVAL)
	})
}

// TestBadInputContext gives NewContext and the context options bad values.
func TestBadInputContext(t *testing.T) {
	_, err := zmqffi.NewContext(zmqffi.WithIOThreads(-1))
	require.ErrorIs(t, err, syscall.EINVAL)
	dir := t.TempDir()
	notLib := filepath.Join(dir, "libzmq.so.5")
	require.NoError(t, os.WriteFile(notLib, []byte("\x7fELF but not really"), 0o644))
	for _, name := range []string{"\x00", "libzmq\x00.so", "ünïcødé.so", "/nonexistent/libzmq.so.5", "libzmq.so.999", dir, notLib, "libc.so.6", "", "."} {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(name), nil)
		if name == "" {
			require.NoError(t, err)
			require.NoError(t, ctx.Term())
			continue
		}
		require.Error(t, err, "soname %q", name)
		require.Nil(t, ctx)
		t.Logf("%q: %v", name, err)
	}
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		for _, name := range []string{"", "ÜNKNOWN", "IO_THREADS\x00", "io_threads", "ZMQ_IO_THREADS", "IO_THREADS", "MAX_SOCKETS", "IPV6"} {
			for _, v := range []int{-1, 0, math.MaxInt32, math.MaxInt, math.MinInt} {
				ctx := conformance.NewContext(t, tg)
				within(t, fmt.Sprintf("context option %q = %d", name, v), func() error {
					if err := clearError(ctx.SetOption(name, v)); err != nil {
						return err
					}
					_, err := ctx.Option(name)
					return clearError(err)
				})
				require.NoError(t, ctx.Term())
			}
		}
	})
}
