package zmqffi_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// The lifecycle races: Close and Term from other goroutines while calls wait,
// Close racing Close, Term racing Socket, and the cleanups of forgotten
// sockets racing Term. Each round must end promptly, with ErrClosed or nil:
// an error from libzmq (ENOTSOCK, EFAULT) would mean the binding reached a
// closed socket. scripts/stress runs them with -count under -race;
// ZMQFFI_LIFECYCLE_ROUNDS sets the rounds per test and library (default 10).

// lifecycleLimit bounds every wait: a round that takes longer has hung.
const lifecycleLimit = 10 * time.Second

func lifecycleRounds(t *testing.T) int { return envCount(t, "ZMQFFI_LIFECYCLE_ROUNDS", 10) }

// forEachTarget runs fn as a subtest for every conformance target.
func forEachTarget(t *testing.T, fn func(t *testing.T, tg testenv.Target)) {
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) { fn(t, tg) })
	}
}

// openCtx opens a context on tg that the test terminates itself.
func openCtx(t *testing.T, tg testenv.Target) *zmqffi.Context {
	t.Helper()
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
	require.NoError(t, err)
	return ctx
}

// awaitClosed waits for n results on errc, each of which must be ErrClosed (or
// nil when okNil), within lifecycleLimit.
func awaitClosed(t *testing.T, what string, errc <-chan error, n int, okNil bool) {
	t.Helper()
	timeout := time.After(lifecycleLimit)
	for i := 0; i < n; i++ {
		select {
		case err := <-errc:
			if err == nil && okNil {
				continue
			}
			require.ErrorIs(t, err, zmqffi.ErrClosed, "%s: result %d of %d", what, i+1, n)
		case <-timeout:
			t.Fatalf("%s: %d of %d calls still blocked after %v", what, n-i, n, lifecycleLimit)
		}
	}
}

// blockedCall starts op on s on a goroutine of its own: a receive on a PULL
// with nothing to receive or a send on a PUSH with no peer, so that it waits.
func blockedCall(s *zmqffi.Socket, kind int, errc chan<- error) {
	go func() {
		var err error
		switch kind % 4 {
		case 0:
			_, err = s.Recv(0)
		case 1:
			_, err = s.RecvInto(make([]byte, 16), 0)
		case 2:
			_, err = s.RecvMultipart(0)
		case 3:
			err = s.SendString("nowhere", 0)
		}
		errc <- err
	}()
}

// blockingSocket returns a socket on which call kind waits: a bound PULL, or
// a PUSH without peers.
func blockingSocket(t *testing.T, ctx *zmqffi.Context, kind int) *zmqffi.Socket {
	t.Helper()
	typ := zmqffi.PULL
	if kind%4 == 3 {
		typ = zmqffi.PUSH
	}
	s, err := ctx.Socket(typ)
	require.NoError(t, err)
	require.NoError(t, s.SetLinger(0))
	if typ == zmqffi.PULL {
		conformance.BindEndpoint(t, s, []string{"inproc", "tcp"}[kind%2])
	}
	return s
}

// raceJitter sleeps up to 2 ms, sometimes not at all, so that the racing call
// lands before, while and after the other one starts to wait.
func raceJitter() {
	if d := rand.IntN(3000); d >= 1000 {
		time.Sleep(time.Duration(d-1000) * time.Microsecond)
	}
}

func TestLifecycleCloseWhileBlocked(t *testing.T) {
	rounds := lifecycleRounds(t)
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		for r := 0; r < rounds*4; r++ {
			s := blockingSocket(t, ctx, r)
			errc := make(chan error, 1)
			blockedCall(s, r, errc)
			raceJitter()
			require.NoError(t, s.Close())
			awaitClosed(t, fmt.Sprintf("round %d", r), errc, 1, false)
			require.ErrorIs(t, s.Bind("inproc://after-close"), zmqffi.ErrClosed)
		}
	})
}

func TestLifecycleTermWhileBlocked(t *testing.T) {
	rounds := lifecycleRounds(t)
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		for r := 0; r < rounds; r++ {
			ctx := openCtx(t, tg)
			const n = 8
			errc := make(chan error, n)
			socks := make([]*zmqffi.Socket, n)
			for i := range socks {
				socks[i] = blockingSocket(t, ctx, i)
				blockedCall(socks[i], i, errc)
			}
			raceJitter()
			termc := make(chan error, 1)
			go func() { termc <- ctx.Term() }()
			awaitClosed(t, fmt.Sprintf("round %d", r), errc, n, false)
			awaitClosed(t, fmt.Sprintf("round %d: Term", r), termc, 1, true)
			for _, s := range socks {
				require.ErrorIs(t, s.SendString("x", zmqffi.DontWait), zmqffi.ErrClosed)
				require.NoError(t, s.Close())
			}
		}
	})
}

func TestLifecycleCloseRacingClose(t *testing.T) {
	rounds := lifecycleRounds(t)
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		for r := 0; r < rounds; r++ {
			ctx := openCtx(t, tg)
			const n = 6
			socks := make([]*zmqffi.Socket, n)
			blocked := make(chan error, n)
			for i := range socks {
				socks[i] = blockingSocket(t, ctx, i)
				blockedCall(socks[i], i, blocked)
			}
			// Every socket is closed by four goroutines at once, while the
			// context is terminated by two.
			var wg sync.WaitGroup
			start := make(chan struct{})
			results := make(chan error, 4*n+2)
			for _, s := range socks {
				for k := 0; k < 4; k++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						results <- s.Close()
					}()
				}
			}
			for k := 0; k < 2; k++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					raceJitter()
					results <- ctx.Term()
				}()
			}
			close(start)
			awaitClosed(t, fmt.Sprintf("round %d: blocked calls", r), blocked, n, false)
			awaitClosed(t, fmt.Sprintf("round %d: Close and Term", r), results, 4*n+2, true)
			wg.Wait()
		}
	})
}

func TestLifecycleTermRacingSocket(t *testing.T) {
	rounds := lifecycleRounds(t)
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		for r := 0; r < rounds; r++ {
			ctx := openCtx(t, tg)
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				created []*zmqffi.Socket
				refused atomic.Int32
			)
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < 100; i++ { // 2.x allows 512 sockets per context
						s, err := ctx.Socket(zmqffi.SocketType(i % 9)) // PAIR..PUSH
						if err != nil {
							if !assert.ErrorIs(t, err, zmqffi.ErrClosed) {
								return
							}
							refused.Add(1)
							return
						}
						mu.Lock()
						created = append(created, s)
						mu.Unlock()
						// Use it: a call on a socket Term closed is ErrClosed.
						if err := s.SetLinger(0); err != nil {
							assert.ErrorIs(t, err, zmqffi.ErrClosed)
						}
					}
				}()
			}
			raceJitter()
			termc := make(chan error, 1)
			go func() { termc <- ctx.Term() }()
			awaitClosed(t, fmt.Sprintf("round %d: Term", r), termc, 1, true)
			wg.Wait()
			_, err := ctx.Socket(zmqffi.PAIR)
			require.ErrorIs(t, err, zmqffi.ErrClosed)
			for _, s := range created {
				require.ErrorIs(t, s.Connect("inproc://x"), zmqffi.ErrClosed)
			}
		}
	})
}

// TestLifecycleForgottenSocketsWhileTerm drops sockets (some of them waiting
// a moment ago, some with a dup of ZMQ_FD) and runs the collector while the
// context terminates: their cleanups race Term's own closing.
func TestLifecycleForgottenSocketsWhileTerm(t *testing.T) {
	rounds := lifecycleRounds(t)
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		for r := 0; r < rounds; r++ {
			ctx := openCtx(t, tg)
			forgetSockets(t, ctx, 20)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for i := 0; i < 3; i++ {
					runtime.GC()
				}
			}()
			raceJitter()
			awaitClosed(t, fmt.Sprintf("round %d: Term", r), termAsync(ctx), 1, true)
			<-done
		}
	})
}

func termAsync(ctx *zmqffi.Context) <-chan error {
	c := make(chan error, 1)
	go func() { c <- ctx.Term() }()
	return c
}

// forgetSockets makes n sockets on ctx, uses them (a short timed-out wait
// makes the dup of ZMQ_FD) and drops every reference to them.
func forgetSockets(t *testing.T, ctx *zmqffi.Context, n int) {
	t.Helper()
	_ = usedSockets(t, ctx, n)
}

// usedSockets makes n sockets on ctx and uses them as forgetSockets says.
func usedSockets(t *testing.T, ctx *zmqffi.Context, n int) []*zmqffi.Socket {
	t.Helper()
	socks := make([]*zmqffi.Socket, n)
	for i := range socks {
		s := blockingSocket(t, ctx, i)
		if i%2 == 0 {
			require.NoError(t, s.SetRcvTimeout(time.Millisecond))
			require.NoError(t, s.SetSndTimeout(time.Millisecond))
			var err error
			if i%4 == 2 {
				err = s.SendString("x", 0)
			} else {
				_, err = s.Recv(0)
			}
			require.Error(t, err)
		}
		socks[i] = s
	}
	return socks
}

// TestLifecycleForgottenSocketIsClosed checks that the cleanup of an
// unreachable socket closes it (the context then forgets it), and that a
// socket kept alive keeps its forgotten context alive.
func TestLifecycleForgottenSocketIsClosed(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := conformance.NewContext(t, tg)
		kept := blockingSocket(t, ctx, 0)
		socks := usedSockets(t, ctx, 50)
		require.Equal(t, 51, zmqffi.LiveSockets(ctx))
		runtime.KeepAlive(socks)
		require.Eventually(t, func() bool {
			runtime.GC()
			return zmqffi.LiveSockets(ctx) == 1
		}, lifecycleLimit, 10*time.Millisecond, "forgotten sockets were not closed by their cleanups")
		_, err := kept.Recv(zmqffi.DontWait)
		require.ErrorIs(t, err, syscall.EAGAIN, "the socket still referenced must stay open")
	})
}

// TestLifecycleSocketKeepsContext drops the only reference to a context while
// its sockets stay in use: the context must not be terminated under them.
func TestLifecycleSocketKeepsContext(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		push, pull := forgottenContextPair(t, tg)
		for i := 0; i < 5; i++ {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
		}
		require.NoError(t, push.SendString("still alive", 0))
		got, err := pull.RecvString(0)
		require.NoError(t, err)
		require.Equal(t, "still alive", got)
		require.NoError(t, push.Close())
		require.NoError(t, pull.Close())
		require.NoError(t, pull.Context().Term())
	})
}

func forgottenContextPair(t *testing.T, tg testenv.Target) (push, pull *zmqffi.Socket) {
	ctx := openCtx(t, tg)
	pull = conformance.NewSocket(t, ctx, zmqffi.PULL)
	ep := conformance.BindEndpoint(t, pull, "inproc")
	push = conformance.NewSocket(t, ctx, zmqffi.PUSH)
	require.NoError(t, push.Connect(ep))
	return push, pull
}
