//go:build !windows

package conformance

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// pipe returns the read and write ends of a pipe, closed when the test ends.
func pipe(t testing.TB) (r, w pollEnd) {
	t.Helper()
	rf, wf, err := os.Pipe()
	require.NoError(t, err)
	t.Cleanup(func() { rf.Close(); wf.Close() })
	return rf, wf
}

// skipWithoutAFUnix does nothing: POSIX systems have AF_UNIX sockets.
func skipWithoutAFUnix(testing.TB) {}
