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

// TestGeneratedFilesUpToDate runs the generators of zmq4/draft and
// zmq4/replace into a temporary directory and compares their output with the
// committed files: run go generate ./zmq4/... after changing package zmq4.
func TestGeneratedFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generators")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command (a cross-compiled test program runs without it)")
	}
	// check runs generator in dir and compares its output with the files of
	// committed (a directory relative to this one).
	check := func(dir, generator, committed string, files ...string) {
		out := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(out, "draft"), 0o755))
		cmd := exec.Command("go", "run", generator, "-out", out)
		cmd.Dir = dir
		cmd.Env = testenv.GoToolEnv() // the generators run here, whatever the tests' GOARCH
		b, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", b)
		for _, f := range files {
			want, err := os.ReadFile(filepath.Join(out, f))
			require.NoError(t, err)
			got, err := os.ReadFile(filepath.Join(committed, f))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(want, got), "%s/%s is stale: run go generate ./zmq4/...", committed, f)
		}
	}
	drafts, err := filepath.Glob("draft/*.go")
	require.NoError(t, err)
	var generated []string
	for _, f := range drafts {
		switch filepath.Base(f) {
		case "doc.go", "draft.go", "draft_test.go":
		default:
			generated = append(generated, filepath.Base(f))
		}
	}
	require.NotEmpty(t, generated)
	check("draft", "../internal/gendraft", "draft", generated...)
	check(".", "./internal/genreplace", "replace", "zmq4.go", "draft/draft.go")
}
