package zmq4_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestGeneratedFilesUpToDate runs the generator of zmq4/draft's aliases and
// zmq4/replace into a temporary directory and compares its output with the
// committed files: run go generate ./zmq4/... after changing package zmq4.
func TestGeneratedFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generators")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command (a cross-compiled test program runs without it)")
	}
	out := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(out, "replace", "draft"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(out, "draft"), 0o755))
	cmd := exec.Command("go", "run", "./internal/genreplace", "-out", filepath.Join(out, "replace"), "-draft", filepath.Join(out, "draft"))
	cmd.Env = testenv.GoToolEnv() // the generator runs here, whatever the tests' GOARCH
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
	for _, f := range []string{"draft/aliases.go", "replace/zmq4.go", "replace/draft/draft.go"} {
		want, err := os.ReadFile(filepath.Join(out, f))
		require.NoError(t, err)
		got, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "zmq4/%s is stale: run go generate ./zmq4/...", f)
	}
}
