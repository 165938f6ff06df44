// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: contexts are zmqffi contexts; the default one is made on
// first use, on the library SetSoname or ZMQFFI_SONAME names.

package zmq4

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/constants"
)

// Errors of the package itself, as pebbe/zmq4 returns them.
var (
	ErrorContextClosed         = errors.New("Context is closed")
	ErrorSocketClosed          = errors.New("Socket is closed")
	ErrorMoreExpected          = errors.New("More expected")
	ErrorNotImplemented405     = errors.New("Not implemented, requires 0MQ version 4.0.5")
	ErrorNotImplemented41      = errors.New("Not implemented, requires 0MQ version 4.1")
	ErrorNotImplemented42      = errors.New("Not implemented, requires 0MQ version 4.2")
	ErrorNotImplementedWindows = errors.New("Not implemented on Windows")
	ErrorNoSocket              = errors.New("No such socket")
)

// SonameEnv is the environment variable that names the libzmq to load when
// SetSoname was not called: a soname ("libzmq.so.5") or a path. Unset or
// empty, zmqffi's default search is used.
const SonameEnv = "ZMQFFI_SONAME"

var (
	sonameMu   sync.Mutex
	soname     string
	sonameSet  bool
	defaultCtx *Context
	defaultErr error
	defaultOK  atomic.Bool
)

/*
SetSoname chooses the libzmq that the default context and every later
NewContext load: a soname ("libzmq.so.5") or a path, searched as
zmqffi.WithSoname does. It overrides the ZMQFFI_SONAME environment variable.
It must be called before the default context is first used (by NewSocket,
Version, SetIoThreads, ...); after that it returns an error and changes
nothing.

This function is not in pebbe/zmq4, which links one libzmq at build time.
*/
func SetSoname(name string) error {
	sonameMu.Lock()
	defer sonameMu.Unlock()
	if defaultCtx != nil || defaultErr != nil {
		return fmt.Errorf("zmq4: SetSoname(%q): the default context was already created", name)
	}
	soname, sonameSet = name, true
	return nil
}

func contextOptions() []zmqffi.ContextOption {
	name := soname
	if !sonameSet {
		name = os.Getenv(SonameEnv)
	}
	if name == "" {
		return nil
	}
	return []zmqffi.ContextOption{zmqffi.WithSoname(name)}
}

// defaultContext returns the default context, creating it on first use.
func defaultContext() (*Context, error) {
	if defaultOK.Load() {
		return defaultCtx, nil
	}
	sonameMu.Lock()
	defer sonameMu.Unlock()
	if defaultCtx == nil && defaultErr == nil {
		defaultCtx, defaultErr = newContextWith(contextOptions())
		if defaultErr != nil {
			defaultErr = fmt.Errorf("Init of ZeroMQ context failed: %w", defaultErr)
		} else {
			defaultOK.Store(true)
		}
	}
	return defaultCtx, defaultErr
}

//. Util

// Report 0MQ library version: the version of the library the default
// context loaded (0, 0, 0 if it could not be loaded).
func Version() (major, minor, patch int) {
	ctx, err := defaultContext()
	if err != nil {
		return 0, 0, 0
	}
	v := ctx.c.Version()
	return v.Major, v.Minor, v.Patch
}

// Get 0MQ error message string.
func Error(e int) string {
	return Errno(e).Error()
}

//. Context

// Defaults of the context options, as in pebbe/zmq4.
const (
	MaxSocketsDflt = 1023
	IoThreadsDflt  = 1
)

/*
A context that is not the default context.
*/
type Context struct {
	c          *zmqffi.Context
	table      *constants.Table
	minor      int // the minor version for pebbe's 4.x checks: -1 before 4.0, 99 after 4.x
	patch      int
	terminated atomic.Bool
	retryEINTR atomic.Bool
	termOnce   sync.Once
	termErr    error
}

func newContext() (*Context, error) {
	sonameMu.Lock()
	opts := contextOptions()
	sonameMu.Unlock()
	return newContextWith(opts)
}

func newContextWith(opts []zmqffi.ContextOption) (*Context, error) {
	c, err := zmqffi.NewContext(opts...)
	if err != nil {
		return nil, err
	}
	v := c.Version()
	ctx := &Context{c: c, patch: v.Patch}
	ctx.table, _ = constants.ForVersion(v)
	switch {
	case v.Major < 4:
		ctx.minor = -1
	case v.Major > 4:
		ctx.minor = 99
	default:
		ctx.minor = v.Minor
	}
	ctx.retryEINTR.Store(true)
	return ctx, nil
}

// Create a new context, on the library SetSoname or ZMQFFI_SONAME chose.
func NewContext() (ctx *Context, err error) {
	return newContext()
}

/*
Terminates the default context.

For linger behavior, see: http://api.zeromq.org/4-1:zmq-ctx-term
*/
func Term() error {
	ctx, err := defaultContext()
	if err != nil {
		return err
	}
	return ctx.Term()
}

/*
Terminates the context. Sockets of the context that are still open are
closed first (pebbe/zmq4 would wait for them forever); their linger applies,
and calls waiting on them return ETERM.

For linger behavior, see: http://api.zeromq.org/4-1:zmq-ctx-term
*/
func (ctx *Context) Term() error {
	ctx.termOnce.Do(func() {
		ctx.terminated.Store(true)
		if err := ctx.c.Term(); err != nil {
			ctx.termErr = ctx.errget(err)
		}
	})
	return ctx.termErr
}

func getOption(ctx *Context, name string) (int, error) {
	if ctx.terminated.Load() {
		return 0, ErrorContextClosed
	}
	n, err := ctx.c.Option(name)
	if err != nil {
		return n, ctx.errget(err)
	}
	return n, nil
}

func setOption(ctx *Context, name string, n int) error {
	if ctx.terminated.Load() {
		return ErrorContextClosed
	}
	return ctx.errget(ctx.c.SetOption(name, n))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// withDefault runs fn on the default context.
func withDefault[T any](fn func(*Context) (T, error)) (T, error) {
	ctx, err := defaultContext()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(ctx)
}

// withDefaultErr runs fn on the default context.
func withDefaultErr(fn func(*Context) error) error {
	ctx, err := defaultContext()
	if err != nil {
		return err
	}
	return fn(ctx)
}

// Returns the size of the 0MQ thread pool in the default context.
func GetIoThreads() (int, error) { return withDefault((*Context).GetIoThreads) }

// Returns the size of the 0MQ thread pool.
func (ctx *Context) GetIoThreads() (int, error) {
	return getOption(ctx, "IO_THREADS")
}

// Returns the maximum number of sockets allowed in the default context.
func GetMaxSockets() (int, error) { return withDefault((*Context).GetMaxSockets) }

// Returns the maximum number of sockets allowed.
func (ctx *Context) GetMaxSockets() (int, error) {
	return getOption(ctx, "MAX_SOCKETS")
}

/*
Returns the maximum message size in the default context.

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func GetMaxMsgsz() (int, error) { return withDefault((*Context).GetMaxMsgsz) }

/*
Returns the maximum message size.

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func (ctx *Context) GetMaxMsgsz() (int, error) {
	if ctx.minor < 2 {
		return 0, ErrorNotImplemented42
	}
	return getOption(ctx, "MAX_MSGSZ")
}

// Returns the IPv6 option in the default context.
func GetIpv6() (bool, error) { return withDefault((*Context).GetIpv6) }

// Returns the IPv6 option.
func (ctx *Context) GetIpv6() (bool, error) {
	i, e := getOption(ctx, "IPV6")
	return i != 0, e
}

/*
Returns the blocky setting in the default context.

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func GetBlocky() (bool, error) { return withDefault((*Context).GetBlocky) }

/*
Returns the blocky setting.

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func (ctx *Context) GetBlocky() (bool, error) {
	if ctx.minor < 2 {
		return false, ErrorNotImplemented42
	}
	i, e := getOption(ctx, "BLOCKY")
	return i != 0, e
}

/*
Returns the retry after EINTR setting in the default context.
*/
func GetRetryAfterEINTR() bool {
	ctx, err := defaultContext()
	if err != nil {
		return true
	}
	return ctx.GetRetryAfterEINTR()
}

/*
Returns the retry after EINTR setting.
*/
func (ctx *Context) GetRetryAfterEINTR() bool {
	return ctx.retryEINTR.Load()
}

/*
Specifies the size of the 0MQ thread pool to handle I/O operations in
the default context. If your application is using only the inproc
transport for messaging you may set this to zero, otherwise set it to at
least one. This option only applies before creating any sockets.

Default value: 1
*/
func SetIoThreads(n int) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetIoThreads(n) })
}

/*
Specifies the size of the 0MQ thread pool to handle I/O operations. If
your application is using only the inproc transport for messaging you
may set this to zero, otherwise set it to at least one. This option only
applies before creating any sockets.

Default value: 1
*/
func (ctx *Context) SetIoThreads(n int) error {
	return setOption(ctx, "IO_THREADS", n)
}

/*
Sets the scheduling policy for default context’s thread pool.

This option requires ZeroMQ version 4.1, and is not available on Windows.

Supported values for this option can be found in sched.h file, or at
http://man7.org/linux/man-pages/man2/sched_setscheduler.2.html

This option only applies before creating any sockets on the context.

Default value: -1

Returns ErrorNotImplemented41 with ZeroMQ version < 4.1

Returns ErrorNotImplementedWindows on Windows
*/
func SetThreadSchedPolicy(n int) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetThreadSchedPolicy(n) })
}

/*
Sets scheduling priority for default context’s thread pool.

This option requires ZeroMQ version 4.1, and is not available on Windows.

Supported values for this option depend on chosen scheduling policy.
Details can be found in sched.h file, or at
http://man7.org/linux/man-pages/man2/sched_setscheduler.2.html

This option only applies before creating any sockets on the context.

Default value: -1

Returns ErrorNotImplemented41 with ZeroMQ version < 4.1

Returns ErrorNotImplementedWindows on Windows
*/
func SetThreadPriority(n int) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetThreadPriority(n) })
}

/*
Set maximum message size in the default context.

Default value: INT_MAX

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func SetMaxMsgsz(n int) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetMaxMsgsz(n) })
}

/*
Set maximum message size.

Default value: INT_MAX

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func (ctx *Context) SetMaxMsgsz(n int) error {
	if ctx.minor < 2 {
		return ErrorNotImplemented42
	}
	return setOption(ctx, "MAX_MSGSZ", n)
}

/*
Sets the maximum number of sockets allowed in the default context.

Default value: 1024
*/
func SetMaxSockets(n int) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetMaxSockets(n) })
}

/*
Sets the maximum number of sockets allowed.

Default value: 1024
*/
func (ctx *Context) SetMaxSockets(n int) error {
	return setOption(ctx, "MAX_SOCKETS", n)
}

/*
Sets the IPv6 value for all sockets created in the default context from this point onwards.
A value of true means IPv6 is enabled, while false means the socket will use only IPv4.
When IPv6 is enabled, a socket will connect to, or accept connections from, both IPv4 and IPv6 hosts.

Default value: false
*/
func SetIpv6(i bool) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetIpv6(i) })
}

/*
Sets the IPv6 value for all sockets created in the context from this point onwards.
A value of true means IPv6 is enabled, while false means the socket will use only IPv4.
When IPv6 is enabled, a socket will connect to, or accept connections from, both IPv4 and IPv6 hosts.

Default value: false
*/
func (ctx *Context) SetIpv6(i bool) error {
	return setOption(ctx, "IPV6", boolInt(i))
}

/*
Sets the blocky behavior in the default context.

See: http://api.zeromq.org/4-2:zmq-ctx-set#toc3

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func SetBlocky(i bool) error {
	return withDefaultErr(func(ctx *Context) error { return ctx.SetBlocky(i) })
}

/*
Sets the blocky behavior.

See: http://api.zeromq.org/4-2:zmq-ctx-set#toc3

Returns ErrorNotImplemented42 with ZeroMQ version < 4.2
*/
func (ctx *Context) SetBlocky(i bool) error {
	if ctx.minor < 2 {
		return ErrorNotImplemented42
	}
	return setOption(ctx, "BLOCKY", boolInt(i))
}

/*
Sets the retry after EINTR setting in the default context.

Initital value is true. The setting is kept and reported, and changes
nothing: zmqffi never returns EINTR (it waits in Go's netpoller and retries
interrupted calls itself, keeping timeouts).
*/
func SetRetryAfterEINTR(retry bool) {
	if ctx, err := defaultContext(); err == nil {
		ctx.SetRetryAfterEINTR(retry)
	}
}

/*
Sets the retry after EINTR setting.

Initital value is true. The setting is kept and reported, and changes
nothing: zmqffi never returns EINTR.
*/
func (ctx *Context) SetRetryAfterEINTR(retry bool) {
	ctx.retryEINTR.Store(retry)
}

// errNoOption is what libzmq answers for an option it does not know.
var errNoOption = Errno(syscall.EINVAL)
