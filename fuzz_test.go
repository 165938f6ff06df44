package zmqffi_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// Bad input, fuzzed: every call gets a clear error or works, never a panic,
// a crash or a hang, on every conformance target (system, the 2.x and 3.x ABI
// test libraries, ZMQFFI_TEST_LIBS). The seed corpora are in
// testdata/fuzz/Fuzz*/; `go test` runs them, `scripts/test` fuzzes each
// target briefly, scripts/stress longer:
//
//	go test -run '^$' -fuzz '^FuzzEndpoint$' -fuzztime 30s .

// inputLimit bounds one fuzz input (every target): a call that has not
// returned by then is a hang.
const inputLimit = 10 * time.Second

// fuzzContexts opens one context per target for the fuzz function's
// inputs and terminates them when it ends.
func fuzzContexts(f *testing.F) []*zmqffi.Context {
	var ctxs []*zmqffi.Context
	for _, tg := range testenv.Targets(f) {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
		if err != nil {
			f.Fatalf("%s: %v", tg.Name, err)
		}
		f.Cleanup(func() { _ = ctx.Term() })
		ctxs = append(ctxs, ctx)
	}
	return ctxs
}

// clearError checks that err, from a call given bad input, is one of the
// binding's documented errors: a *zmqffi.Error naming the libzmq call, an
// EINVAL the binding found itself, ErrNotSupported or ErrClosed. ENOTSOCK
// would mean the binding handed libzmq a socket it had closed.
func clearError(err error) error {
	if err == nil {
		return nil
	}
	if err.Error() == "" {
		return fmt.Errorf("an error without text: %#v", err)
	}
	if errors.Is(err, syscall.ENOTSOCK) {
		return fmt.Errorf("libzmq was handed a closed socket: %w", err)
	}
	var ze *zmqffi.Error
	switch {
	case errors.As(err, &ze):
		if !strings.HasPrefix(ze.Op, "zmq_") || ze.Errno == 0 {
			return fmt.Errorf("malformed *zmqffi.Error %#v", ze)
		}
	case errors.Is(err, syscall.EINVAL), errors.Is(err, zmqffi.ErrNotSupported), errors.Is(err, zmqffi.ErrClosed):
	default:
		return fmt.Errorf("unexpected kind of error %T: %v", err, err)
	}
	return nil
}

// within runs fn on its own goroutine and fails the test if it takes longer
// than inputLimit (a hang) or its error is not a clear one.
func within(t *testing.T, what string, fn func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(inputLimit):
		t.Fatalf("%s: still running after %v (a hang)", what, inputLimit)
	}
}

// fuzzSocket is ctx.Socket for loops that open and close sockets as fast as
// they can: libzmq counts a closed socket against MAX_SOCKETS until its reaper
// thread has freed it, and refuses new ones with EMFILE meanwhile, so a
// refusal is retried until the reaper catches up (within inputLimit).
func fuzzSocket(ctx *zmqffi.Context, t zmqffi.SocketType) (*zmqffi.Socket, error) {
	deadline := time.Now().Add(inputLimit / 2)
	for {
		s, err := ctx.Socket(t)
		if !errors.Is(err, syscall.EMFILE) || time.Now().After(deadline) {
			return s, err
		}
		time.Sleep(time.Millisecond)
	}
}

// sandboxEndpoint keeps ipc endpoints inside dir: the path is flattened
// (slashes become underscores, so no "..") and put there, keeping its
// length, so libzmq's path checks are still exercised without creating files
// anywhere else. Abstract ("@...") and wildcard ipc names create no files.
//
// It returns false for the multicast transports (pgm, epgm, norm): libzmq
// starts their engines in its I/O thread after zmq_bind or zmq_connect
// returned 0, and asserts (aborting the process) when the engine cannot
// start; libzmq 4.3.4 built with NORM (Debian's) aborts on "norm://x"
// ("Invalid argument (src/session_base.cpp:755)"). No binding can catch that.
//
// Every other transport (tcp, udp, ws, ...) may reach a network: its hosts are
// kept only when they are loopback or unspecified addresses ("*", "",
// 127.0.0.1, [::1], 0.0.0.0); any other host becomes 127.0.0.1, keeping the
// port text, so that no input makes libzmq resolve a name or connect beyond
// this machine.
func sandboxEndpoint(dir, ep string) (string, bool) {
	for _, scheme := range []string{"pgm://", "epgm://", "norm://"} {
		if strings.HasPrefix(ep, scheme) && len(ep) > len(scheme) {
			return "", false
		}
	}
	if scheme, addr, ok := strings.Cut(ep, "://"); ok && scheme != "ipc" && scheme != "inproc" {
		parts := strings.Split(addr, ";")
		for i, part := range parts {
			host, port := part, ""
			if j := strings.LastIndex(part, ":"); j >= 0 {
				host, port = part[:j], part[j:]
			}
			if !localHost(host) {
				parts[i] = "127.0.0.1" + port
			}
		}
		return scheme + "://" + strings.Join(parts, ";"), true
	}
	rest, ok := strings.CutPrefix(ep, "ipc://")
	if !ok || strings.HasPrefix(rest, "@") || rest == "*" {
		return ep, true
	}
	return "ipc://" + filepath.Join(dir, "s"+strings.ReplaceAll(rest, "/", "_")), true
}

// localHost reports whether host is an address on this machine that needs no
// name lookup.
func localHost(host string) bool {
	if host == "" || host == "*" {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// endpointSeeds are the bad (and some good) endpoints of the table test
// and the seeds of FuzzEndpoint.
var endpointSeeds = []string{
	"", "tcp", "tcp:", "tcp:/", "tcp://", "tcp://:", "tcp://*", "tcp://*:", "tcp://*:-1", "tcp://*:65536",
	"tcp://*:99999999999999999999", "tcp://127.0.0.1:*", "tcp://127.0.0.1:0", "tcp://256.256.256.256:5555",
	"tcp://[::1]:*", "tcp://[:*", "tcp://[]:1", "tcp://[::1", "tcp://a b:1", "tcp://ünïcødé:1",
	"tcp://127.0.0.1:1;127.0.0.1:2", "tcp://127.0.0.1:5555\x00junk", "tcp://" + strings.Repeat("h", 300) + ":1",
	"tcp://eth-does-not-exist:*", "tcp://127.0.0.1:1?x=y", "ipc://", "ipc://*", "ipc://" + strings.Repeat("p", 200),
	"ipc://@abstract-ünï", "ipc://ünïcødé", "ipc://../../escape", "inproc://", "inproc://ünïcødé",
	"inproc://" + strings.Repeat("i", 10000), "inproc://*", "pgm://", "epgm://", "norm://",
	"udp://127.0.0.1:5555", "ws://127.0.0.1:*", "wss://x", "tipc://", "vmci://x", "xyz://abc", "://", ":::::",
	"\x00", "\xff\xfe\xfd", "😀://😀", strings.Repeat("tcp://", 1000), "TCP://127.0.0.1:*", " tcp://127.0.0.1:*",
}

// FuzzEndpoint binds, connects, unbinds and disconnects arbitrary endpoints.
func FuzzEndpoint(f *testing.F) {
	for _, ep := range endpointSeeds {
		f.Add(ep)
	}
	ctxs := fuzzContexts(f)
	dir := f.TempDir()
	// libzmq makes "ipc://*" a directory "tmpXXXXXX" in $TMPDIR, or in the
	// working directory when TMPDIR is not set (and may leave it behind).
	f.Chdir(dir)
	f.Fuzz(func(t *testing.T, ep string) {
		ep, ok := sandboxEndpoint(dir, ep)
		if !ok {
			t.Skip("a multicast endpoint (see sandboxEndpoint)")
		}
		for _, ctx := range ctxs {
			within(t, fmt.Sprintf("%s: endpoint %q", ctx.Version(), ep), func() error {
				return tryEndpoint(ctx, ep)
			})
		}
	})
}

// tryEndpoint binds a PUB to ep, connects a SUB to it, disconnects and
// unbinds; every error must be a clear one. (Two sockets of types that talk
// to each other: libzmq 2.2 asserts, aborting the process, when a socket
// connects over inproc to one of a type it cannot talk to, itself included:
// "Assertion failed: !inpipe_ && outpipe_ (xpub.cpp:43)" for PUB to PUB.)
func tryEndpoint(ctx *zmqffi.Context, ep string) error {
	pub, err := fuzzSocket(ctx, zmqffi.PUB)
	if err != nil {
		return err
	}
	defer pub.Close()
	sub, err := fuzzSocket(ctx, zmqffi.SUB)
	if err != nil {
		return err
	}
	defer sub.Close()
	if err := errors.Join(pub.SetLinger(0), sub.SetLinger(0)); err != nil {
		return err
	}
	for _, call := range []struct {
		name string
		fn   func(string) error
	}{{"Bind", pub.Bind}, {"Connect", sub.Connect}, {"Disconnect", sub.Disconnect}, {"Unbind", pub.Unbind}} {
		if err := clearError(call.fn(ep)); err != nil {
			return fmt.Errorf("%s: %w", call.name, err)
		}
	}
	if _, err := pub.LastEndpoint(); clearError(err) != nil {
		return fmt.Errorf("LastEndpoint: %w", clearError(err))
	}
	return clearError(errors.Join(sub.Close(), pub.Close()))
}

// FuzzOptionValues sets and reads options by number, with values of every
// type and size, and through the typed setters, on a socket of a fuzzed type.
func FuzzOptionValues(f *testing.F) {
	f.Add(17, uint8(0), int64(-1), []byte(nil), uint16(0), 7)                  // LINGER -1
	f.Add(23, uint8(1), int64(1<<40), []byte("x"), uint16(4), 8)               // SNDHWM as int64
	f.Add(1, uint8(2), int64(-1), []byte{}, uint16(8), 2)                      // HWM (2.x) / AFFINITY
	f.Add(6, uint8(3), int64(0), []byte("\x00zero"), uint16(256), 3)           // SUBSCRIBE/IDENTITY bytes
	f.Add(5, uint8(3), int64(0), bytes.Repeat([]byte("i"), 300), uint16(1), 6) // identity too long
	f.Add(-1, uint8(4), int64(-9223372036854775808), []byte("ünï"), uint16(65535), -1)
	f.Add(1<<20, uint8(5), int64(9223372036854775807), []byte("😀"), uint16(3), 11)
	f.Add(27, uint8(6), int64(-2), []byte{0xff}, uint16(0), 12) // RCVTIMEO, bad socket type
	f.Add(89, uint8(0), int64(3), []byte(nil), uint16(4), 1)    // USE_FD: set, never bound
	f.Add(0, uint8(7), int64(1), []byte("a"), uint16(2), 4)
	ctxs := fuzzContexts(f)
	f.Fuzz(func(t *testing.T, option int, kind uint8, ival int64, bval []byte, maxLen uint16, typ int) {
		for _, ctx := range ctxs {
			within(t, fmt.Sprintf("%s: option %d kind %d value %d/%q, type %d", ctx.Version(), option, kind, ival, bval, typ), func() error {
				return tryOption(ctx, option, kind, ival, bval, int(maxLen), typ)
			})
		}
	})
}

// optionSocket opens the socket an option input is tried on: of type typ,
// or a DEALER when libzmq refuses typ with an error clearError accepts
// (with mustOpen, the stable types PAIR to XSUB must open), with linger 0.
func optionSocket(ctx *zmqffi.Context, typ int, mustOpen bool) (*zmqffi.Socket, error) {
	s, err := fuzzSocket(ctx, zmqffi.SocketType(typ))
	if err != nil {
		if mustOpen && typ >= int(zmqffi.PAIR) && typ <= int(zmqffi.XSUB) {
			return nil, fmt.Errorf("socket type %d: %w", typ, err)
		}
		if err := clearError(err); err != nil {
			return nil, err
		}
		if s, err = fuzzSocket(ctx, zmqffi.DEALER); err != nil {
			return nil, err
		}
	}
	if err := s.SetLinger(0); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func tryOption(ctx *zmqffi.Context, option int, kind uint8, ival int64, bval []byte, maxLen, typ int) error {
	s, err := optionSocket(ctx, typ, true)
	if err != nil {
		return err
	}
	defer s.Close()
	var set error
	switch kind % 8 {
	case 0:
		set = s.SetOptionInt(option, int32(ival))
	case 1:
		set = s.SetOptionInt64(option, ival)
	case 2:
		set = s.SetOptionUint64(option, uint64(ival))
	case 3:
		set = s.SetOptionBytes(option, bval)
	case 4:
		set = s.SetLinger(time.Duration(ival))
	case 5:
		set = errors.Join(s.SetRcvTimeout(time.Duration(ival)), s.SetSndTimeout(time.Duration(ival)))
	case 6:
		set = errors.Join(s.SetSndHWM(int(ival)), s.SetRcvHWM(int(ival)))
	case 7:
		set = errors.Join(s.SetIdentity(bval), s.Subscribe(string(bval)), s.Unsubscribe(string(bval)))
	}
	if err := clearError(set); err != nil {
		return fmt.Errorf("set: %w", err)
	}
	_, e1 := s.OptionInt(option)
	_, e2 := s.OptionInt64(option)
	_, e3 := s.OptionUint64(option)
	_, e4 := s.OptionBytes(option, maxLen)
	_, e5 := s.Identity()
	_, e6 := s.Linger()
	for _, err := range []error{e1, e2, e3, e4, e5, e6} {
		if err := clearError(err); err != nil {
			return fmt.Errorf("get: %w", err)
		}
	}
	// The socket still works.
	if err := s.SendString("x", zmqffi.DontWait); clearError(err) != nil {
		return fmt.Errorf("send after the options: %w", clearError(err))
	}
	return clearError(s.Close())
}

// FuzzFrames sends data cut into parts (zero parts included), with fuzzed
// flags, over inproc, and checks that exactly those frames arrive, whole, in
// RecvMultipart and in RecvInto with a buffer of a fuzzed size.
func FuzzFrames(f *testing.F) {
	f.Add([]byte(nil), uint8(0), uint8(0), uint16(0))
	f.Add([]byte{}, uint8(1), uint8(0), uint16(0))
	f.Add([]byte("hello"), uint8(3), uint8(1), uint16(2))
	f.Add([]byte("ünïcødé \x00 frames"), uint8(7), uint8(2), uint16(64))
	f.Add(bytes.Repeat([]byte{0xff}, 70000), uint8(2), uint8(0xff), uint16(65535))
	ctxs := fuzzContexts(f)
	f.Fuzz(func(t *testing.T, data []byte, nparts, flags uint8, bufLen uint16) {
		parts := cutParts(data, int(nparts%8))
		for _, ctx := range ctxs {
			within(t, fmt.Sprintf("%s: %d parts, flags %#x, buffer %d", ctx.Version(), len(parts), flags, bufLen), func() error {
				return tryFrames(ctx, parts, zmqffi.Flag(flags), int(bufLen))
			})
		}
	})
}

// cutParts cuts data into n parts of nearly equal size (n = 0: no parts at
// all; parts may be empty).
func cutParts(data []byte, n int) [][]byte {
	parts := make([][]byte, n)
	for i := range parts {
		parts[i] = data[i*len(data)/n : (i+1)*len(data)/n]
	}
	return parts
}

var framesSeq int

func tryFrames(ctx *zmqffi.Context, parts [][]byte, flags zmqffi.Flag, bufLen int) error {
	framesSeq++
	ep := fmt.Sprintf("inproc://fuzz-frames-%d", framesSeq)
	a, err := fuzzSocket(ctx, zmqffi.PAIR)
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := fuzzSocket(ctx, zmqffi.PAIR)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, s := range []*zmqffi.Socket{a, b} {
		if err := errors.Join(s.SetLinger(0), s.SetRcvTimeout(5*time.Second), s.SetSndTimeout(5*time.Second)); err != nil {
			return err
		}
	}
	if err := errors.Join(a.Bind(ep), b.Connect(ep)); err != nil {
		return err
	}
	// Only DontWait and SndMore are flags; other bits go to libzmq as given.
	err = a.SendMultipart(parts, flags)
	if len(parts) == 0 {
		if !errors.Is(err, syscall.EINVAL) {
			return fmt.Errorf("SendMultipart with no parts: %v, want EINVAL", err)
		}
		return nil
	}
	if err != nil {
		return clearError(err) // unknown flag bits: libzmq's EINVAL
	}
	want := parts
	if flags&zmqffi.SndMore != 0 {
		// The message is still open: end it.
		if err := a.Send(nil, 0); err != nil {
			return err
		}
		want = append(append([][]byte(nil), parts...), []byte{})
	}
	if bufLen%2 == 0 {
		got, err := b.RecvMultipart(0)
		if err != nil {
			return err
		}
		if len(got) != len(want) {
			return fmt.Errorf("sent %d frames, received %d", len(want), len(got))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				return fmt.Errorf("frame %d: sent %d bytes, received %d different ones", i, len(want[i]), len(got[i]))
			}
		}
	} else {
		buf := make([]byte, bufLen)
		for i := range want {
			n, err := b.RecvInto(buf, 0)
			if err != nil {
				return err
			}
			if n != len(want[i]) || !bytes.Equal(buf[:min(n, len(buf))], want[i][:min(n, len(buf))]) {
				return fmt.Errorf("frame %d: sent %d bytes, RecvInto(%d) reported %d", i, len(want[i]), len(buf), n)
			}
		}
	}
	if extra, err := b.Recv(zmqffi.DontWait); !errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("after the message: %q, %v", extra, err)
	}
	return nil
}

// FuzzContextOption sets and reads context options by name on a new context.
func FuzzContextOption(f *testing.F) {
	for _, name := range []string{"IO_THREADS", "MAX_SOCKETS", "IPV6", "BLOCKY", "THREAD_PRIORITY", "MAX_MSGSZ", "", "ÜNKNOWN", "IO_THREADS\x00", "io_threads", "ZMQ_IO_THREADS"} {
		f.Add(name, -1)
		f.Add(name, 1<<30)
	}
	targets := testenv.Targets(f)
	f.Fuzz(func(t *testing.T, name string, value int) {
		for _, tg := range targets {
			within(t, fmt.Sprintf("%s: context option %q = %d", tg.Name, name, value), func() error {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
				if err != nil {
					return err
				}
				// No socket is made: libzmq starts IO_THREADS threads and
				// sizes its tables by MAX_SOCKETS on the first one.
				if err := clearError(ctx.SetOption(name, value)); err != nil {
					return err
				}
				if _, err := ctx.Option(name); clearError(err) != nil {
					return clearError(err)
				}
				return ctx.Term()
			})
		}
	})
}
