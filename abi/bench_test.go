package abi_test

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
)

// BenchmarkCallPath compares, in one process, the ways a Caller reaches C:
// this platform's trampoline through runtime.cgocall (Int, which also reads
// errno in the same crossing) and through runtime.asmcgocall (QuickInt, for
// calls that return at once), and purego.SyscallN (the goroutine locked to
// its thread, errno read in a second call), which every platform without a
// trampoline takes. Two calls: zmq_getsockopt(ZMQ_EVENTS) on a PAIR socket,
// a successful call with pointers to Go memory, and zmq_close(NULL), a
// failing one whose errno is read. ZMQFFI_BENCH_ROUNDS (default 1) repeats
// the three, rotating which path runs first, so that a script can take the
// median of the ratios of runs made side by side (scripts/bench/arm64 does).
func BenchmarkCallPath(b *testing.B) {
	if !abi.HasTrampoline {
		b.Skip("no trampoline on this platform: every call goes through purego.SyscallN")
	}
	lib, s := openSyms(b)
	tbl, ok := constants.ForVersion(lib.Version)
	require.True(b, ok)
	events, ok := tbl.Option("ZMQ_EVENTS")
	require.True(b, ok)
	pair, ok := tbl.Constant("ZMQ_PAIR")
	require.True(b, ok)
	getsockopt, err := lib.Sym("zmq_getsockopt")
	require.NoError(b, err)

	c := abi.NewCaller(s.errno)
	ctx, e := c.Ptr(s.ctxNew, 0, 0, 0, 0, 0)
	require.Zero(b, e)
	sock, e := c.Ptr(s.socket, ctx, uintptr(pair), 0, 0, 0)
	require.Zero(b, e)
	b.Cleanup(func() {
		c.Int(s.close, sock, 0, 0, 0, 0)
		c.Int(s.ctxTerm, ctx, 0, 0, 0, 0)
	})

	rounds := 1
	if v := os.Getenv("ZMQFFI_BENCH_ROUNDS"); v != "" {
		rounds, err = strconv.Atoi(v)
		require.NoError(b, err, "ZMQFFI_BENCH_ROUNDS")
	}
	cases := []struct {
		name string
		run  func(b *testing.B, c *abi.Caller, call callFunc)
	}{
		{"getsockopt", func(b *testing.B, c *abi.Caller, call callFunc) {
			var val uint32
			var size uintptr
			for b.Loop() {
				size = unsafe.Sizeof(val)
				// EINTR: a signal of the runtime's (preemption) interrupted
				// libzmq's command processing; the binding retries it too.
				if r, e := call(c, getsockopt, sock, uintptr(events.Number), uintptr(unsafe.Pointer(&val)), uintptr(unsafe.Pointer(&size)), 0); r != 0 && e != syscall.EINTR {
					b.Fatalf("zmq_getsockopt(ZMQ_EVENTS): %d, %v", r, e)
				}
			}
		}},
		{"fail", func(b *testing.B, c *abi.Caller, call callFunc) {
			for b.Loop() {
				if _, e := call(c, s.close, 0, 0, 0, 0, 0); e != syscall.ENOTSOCK {
					b.Fatalf("zmq_close(NULL): errno %v", e)
				}
			}
		}},
	}
	paths := []struct {
		name string
		call callFunc
	}{{"trampoline", (*abi.Caller).Int}, {"quick", (*abi.Caller).QuickInt}, {"syscalln", (*abi.Caller).IntSyscallN}}
	for r := range rounds {
		for _, cs := range cases {
			for i := range paths {
				p := paths[(i+r)%len(paths)]
				b.Run(cs.name+"/"+p.name, func(b *testing.B) { cs.run(b, abi.NewCaller(s.errno), p.call) })
			}
		}
	}
}

// callFunc is Caller.Int or Caller.IntSyscallN.
type callFunc func(c *abi.Caller, fn, a1, a2, a3, a4, a5 uintptr) (int, syscall.Errno)
