package abi_test

import (
	"runtime"
	"sync"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/constants"
	"github.com/zmqffi/zmqffi/loader"
)

type syms struct{ errno, close, socket, ctxNew, ctxTerm, version uintptr }

func openSyms(t testing.TB) (*loader.Library, syms) {
	t.Helper()
	lib, err := loader.Open("")
	if err != nil {
		t.Skipf("no system libzmq: %v", err)
	}
	var s syms
	for name, p := range map[string]*uintptr{
		"zmq_errno": &s.errno, "zmq_close": &s.close, "zmq_socket": &s.socket,
		"zmq_ctx_new": &s.ctxNew, "zmq_ctx_term": &s.ctxTerm, "zmq_version": &s.version,
	} {
		*p, err = lib.Sym(name)
		if err != nil && name != "zmq_ctx_new" && name != "zmq_ctx_term" { // 2.x has zmq_init/zmq_term
			t.Fatalf("%s: %v", name, err)
		}
	}
	if s.ctxNew == 0 {
		t.Skipf("libzmq %s has no zmq_ctx_new", lib.Version)
	}
	return lib, s
}

// TestCallerResults checks the three kinds of call: results, errno after a
// failure (read on the thread of the call), errno 0 after a success, and
// pointers to Go memory in the arguments.
func TestCallerResults(t *testing.T) {
	lib, s := openSyms(t)
	c := abi.NewCaller(s.errno)

	var major, minor, patch int32
	c.Raw(s.version, uintptr(unsafe.Pointer(&major)), uintptr(unsafe.Pointer(&minor)), uintptr(unsafe.Pointer(&patch)), 0, 0)
	require.Equal(t, lib.Version, constants.Version{Major: int(major), Minor: int(minor), Patch: int(patch)})

	// errno is per thread, and a goroutine may move to another thread between
	// two calls: the thread is held so that the second call, zmq_errno on its
	// own, reads the errno that the first one saw.
	runtime.LockOSThread()
	r, e := c.Int(s.close, 0, 0, 0, 0, 0) // zmq_close(NULL)
	threadErrno := abi.CErrno(c.Raw(s.errno, 0, 0, 0, 0, 0))
	runtime.UnlockOSThread()
	require.Equal(t, -1, r)
	require.Equal(t, syscall.ENOTSOCK, e)
	require.Equal(t, syscall.ENOTSOCK, threadErrno, "zmq_errno on the thread of the call")

	p, e := c.Ptr(s.socket, 0, 0, 0, 0, 0) // zmq_socket(NULL, PAIR)
	require.Zero(t, p)
	require.Equal(t, syscall.EFAULT, e)

	ctx, e := c.Ptr(s.ctxNew, 0, 0, 0, 0, 0)
	require.NotZero(t, ctx)
	require.Zero(t, e)
	r, e = c.Int(s.ctxTerm, ctx, 0, 0, 0, 0)
	require.Zero(t, r)
	require.Zero(t, e)
}

// TestCallerErrnoPerCall makes failing calls with two different errnos from
// many goroutines at once, which the scheduler moves between threads: each
// call must report its own errno, never another call's.
func TestCallerErrnoPerCall(t *testing.T) {
	_, s := openSyms(t)
	const workers, calls = 8, 20000
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := abi.NewCaller(s.errno)
			for i := range calls {
				var e syscall.Errno
				want := syscall.ENOTSOCK
				if (w+i)%2 == 0 {
					_, e = c.Int(s.close, 0, 0, 0, 0, 0)
				} else {
					_, e = c.Ptr(s.socket, 0, 0, 0, 0, 0)
					want = syscall.EFAULT
				}
				if e != want {
					errs <- "call " + e.Error() + ", want " + want.Error()
					return
				}
				if i%64 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

// TestCallerWithoutErrnoFunction: a Caller never given zmq_errno reports a
// failure as ENOSYS instead of calling address 0.
func TestCallerWithoutErrnoFunction(t *testing.T) {
	_, s := openSyms(t)
	var c abi.Caller
	r, e := c.Int(s.close, 0, 0, 0, 0, 0)
	require.Equal(t, -1, r)
	require.Equal(t, syscall.ENOSYS, e)
}

// TestCallerThen checks IntThen, quick and not: after a call that succeeds
// both then calls run on its first argument and return their results; after
// one that fails they do not run, and errno is the failing call's.
func TestCallerThen(t *testing.T) {
	lib, s := openSyms(t)
	var initSize, data, size uintptr
	for name, p := range map[string]*uintptr{"zmq_msg_init_size": &initSize, "zmq_msg_data": &data, "zmq_msg_size": &size} {
		var err error
		*p, err = lib.Sym(name)
		require.NoError(t, err, name)
	}
	var msg abi.Msg
	for _, quick := range []bool{false, true} {
		c := abi.NewCaller(s.errno)
		r, d, n, e := c.IntThen(quick, initSize, uintptr(msg.Ptr()), 100, 0, data, size)
		require.Zero(t, e)
		require.Zero(t, r)
		require.NotZero(t, d, "zmq_msg_data")
		require.Equal(t, uintptr(100), n, "zmq_msg_size")
		require.Equal(t, d, c.QuickRaw(data, uintptr(msg.Ptr()), 0, 0, 0, 0))
		r, e = c.QuickInt(s.close, uintptr(msg.Ptr()), 0, 0, 0, 0) // not a socket
		require.Equal(t, -1, r)
		require.Equal(t, syscall.ENOTSOCK, e)

		r, d, n, e = c.IntThen(quick, s.close, 0, 0, 0, data, size) // zmq_close(NULL)
		require.Equal(t, -1, r)
		require.Equal(t, syscall.ENOTSOCK, e)
		require.Zero(t, d)
		require.Zero(t, n)
	}
}
