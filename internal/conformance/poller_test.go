package conformance

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// mixedContexts opens a context on every target (the system library, the
// 2.x and 3.x compat libraries, ZMQFFI_TEST_LIBS) and on a copy of the system
// library.
func mixedContexts(t *testing.T) []*zmqffi.Context {
	var ctxs []*zmqffi.Context
	for _, tg := range testenv.Targets(t) {
		ctxs = append(ctxs, NewContext(t, tg))
	}
	ctxs = append(ctxs, NewContext(t, testenv.Target{Soname: copySystemLib(t)}))
	if len(ctxs) < 3 {
		t.Skip("needs the compat libraries or ZMQFFI_TEST_LIBS")
	}
	return ctxs
}

// TestPollerMixedVersions puts PULL sockets of every library in one Poller,
// each fed over tcp by a PUSH of the next library, with a pipe besides:
// sockets that no single zmq_poll could take together.
func TestPollerMixedVersions(t *testing.T) {
	ctxs := mixedContexts(t)
	n := len(ctxs)
	pulls := make([]*zmqffi.Socket, n)
	pushes := make([]*zmqffi.Socket, n)
	for i, c := range ctxs {
		pulls[i], pushes[i] = pushPull(t, c, ctxs[(i+1)%n], "tcp")
		t.Logf("PULL %d: libzmq %s (%s), fed by %s", i, c.Version(), c.LibraryPath(), ctxs[(i+1)%n].Version())
	}
	pollerChecks(t, pulls, pushes)

	// Random order, many rounds: exactly the socket sent to is reported.
	p := zmqffi.NewPoller()
	for _, s := range pulls {
		require.NoError(t, p.Add(s, zmqffi.PollIn))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := 0; round < 50; round++ {
		k := rng.IntN(n)
		require.NoError(t, pushes[k].SendString(fmt.Sprint(round), 0))
		ready, err := p.Poll(waitLimit)
		require.NoError(t, err)
		require.Equal(t, []item{{pulls[k], -1, zmqffi.PollIn}}, items(ready), "round %d, %s", round, ctxs[k].Version())
		got, err := pulls[k].RecvString(zmqffi.DontWait)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint(round), got)
	}

	// Closing one socket (a 2.x one when there is one) ends a Poll.
	victim := 0
	for i, c := range ctxs {
		if c.Version().Major == 2 {
			victim = i
		}
	}
	pollUntilClosed(t, p, pulls[victim], func() { require.NoError(t, pulls[victim].Close()) })
	require.NoError(t, p.Remove(pulls[victim]))
	ready, err := p.Poll(0)
	require.NoError(t, err)
	assert.Empty(t, items(ready))
}

// TestPollerMixedAllocations: once built, Poll allocates nothing on either
// path, whether it finds something or not.
func TestPollerMixedAllocations(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector allocates on its own")
	}
	ctxs := mixedContexts(t)
	for _, mixed := range []bool{false, true} {
		t.Run(fmt.Sprintf("mixed=%v", mixed), func(t *testing.T) {
			p := zmqffi.NewPoller()
			pull, push := pushPull(t, ctxs[0], ctxs[0], "inproc")
			require.NoError(t, p.Add(pull, zmqffi.PollIn))
			if mixed {
				other, _ := pushPull(t, ctxs[1], ctxs[1], "inproc")
				require.NoError(t, p.Add(other, zmqffi.PollIn))
			}
			r, _ := pipe(t)
			require.NoError(t, p.AddFD(int(r.Fd()), zmqffi.PollIn))
			buf := make([]byte, 8)
			_, err := p.Poll(0) // builds
			require.NoError(t, err)
			allocs := testing.AllocsPerRun(200, func() {
				if err := push.Send(buf, 0); err != nil {
					t.Fatal(err)
				}
				ready, err := p.Poll(time.Second)
				if err != nil || len(ready) != 1 {
					t.Fatalf("%v %v", ready, err)
				}
				if _, err := pull.RecvInto(buf, 0); err != nil {
					t.Fatal(err)
				}
				if ready, _ := p.Poll(0); len(ready) != 0 {
					t.Fatalf("%v", ready)
				}
			})
			assert.Zero(t, allocs)
		})
	}
}
