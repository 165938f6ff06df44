package conformance

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
	"github.com/zmqffi/zmqffi/loader"
)

// copySystemLib copies the system libzmq, the one a context without
// WithSoname loads (see CopyLibrary).
func copySystemLib(t *testing.T) string {
	t.Helper()
	src, _, err := loader.ResolveDefault()
	if err != nil {
		t.Skipf("no system libzmq: %v", err)
	}
	return testenv.CopyLibrary(t, src)
}

// TestSameSonameCopies opens the system libzmq and two copies of it (same
// soname, same version) at once: each must be its own loaded library.
func TestSameSonameCopies(t *testing.T) {
	a, b := copySystemLib(t), copySystemLib(t)
	ctxs := []*zmqffi.Context{
		NewContext(t, testenv.Target{Soname: ""}),
		NewContext(t, testenv.Target{Soname: a}),
		NewContext(t, testenv.Target{Soname: b}),
	}
	paths := map[string]bool{}
	for _, c := range ctxs {
		paths[c.LibraryPath()] = true
		assert.Equal(t, ctxs[0].Version(), c.Version())
	}
	assert.Len(t, paths, 3, "three files, three loaded libraries")

	// The same file under another name is the same library.
	again := NewContext(t, testenv.Target{Soname: a})
	assert.Equal(t, ctxs[1].LibraryPath(), again.LibraryPath())

	ring(t, ctxs)
}

// TestCrossVersionRing passes a token around a ring of PUSH→PULL hops over
// tcp through one context per target (every version given, the compat
// libraries and a copy of the system library), in both directions.
func TestCrossVersionRing(t *testing.T) {
	var ctxs []*zmqffi.Context
	for _, tg := range testenv.Targets(t) {
		ctxs = append(ctxs, NewContext(t, tg))
	}
	ctxs = append(ctxs, NewContext(t, testenv.Target{Soname: copySystemLib(t)}))
	if len(ctxs) < 2 {
		t.Skip("one library only")
	}
	ring(t, ctxs)
	reversed := make([]*zmqffi.Context, len(ctxs))
	for i, c := range ctxs {
		reversed[len(ctxs)-1-i] = c
	}
	ring(t, reversed)
}

// ring connects ctxs[i]'s PUSH to ctxs[i+1]'s PULL (and the last back to
// the first) and forwards a multipart token all the way round.
func ring(t *testing.T, ctxs []*zmqffi.Context) {
	t.Helper()
	n := len(ctxs)
	pulls := make([]*zmqffi.Socket, n)
	eps := make([]string, n)
	for i, c := range ctxs {
		pulls[i] = NewSocket(t, c, zmqffi.PULL)
		eps[i] = BindEndpoint(t, pulls[i], "tcp")
	}
	pushes := make([]*zmqffi.Socket, n)
	for i, c := range ctxs {
		pushes[i] = NewSocket(t, c, zmqffi.PUSH)
		require.NoError(t, pushes[i].Connect(eps[(i+1)%n]))
	}
	token := [][]byte{[]byte("token"), []byte(ctxs[0].Version().String())}
	require.NoError(t, pushes[0].SendMultipart(token, 0))
	for hop := 1; hop <= n; hop++ {
		i := hop % n
		got, err := pulls[i].RecvMultipart(0)
		require.NoError(t, err, "hop %d: %s from %s", hop, ctxs[i].Version(), ctxs[hop-1].Version())
		require.Equal(t, "token", string(got[0]))
		prev := string(got[len(got)-1])
		assert.Equal(t, ctxs[hop-1].Version().String(), prev, "hop %d", hop)
		t.Logf("%s context received message from %s context", ctxs[i].Version(), prev)
		if hop < n {
			got = append(got, []byte(ctxs[i].Version().String()))
			require.NoError(t, pushes[i].SendMultipart(got, 0))
		} else {
			assert.Len(t, got, n+1, fmt.Sprintf("the token carries one stamp per context: %q", got))
		}
	}
}
