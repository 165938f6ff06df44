package loader

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLDCacheFindsLibc(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ld.so cache is glibc-only")
	}
	if _, err := os.Stat(ldCachePath); err != nil {
		t.Skip("no ld.so cache on this machine")
	}
	p, ok := ldCacheLookup("libc.so.6")
	if !ok {
		// An emulated process (qemu-user) reads the host's cache, which
		// the host's ldconfig wrote for the host's architecture only.
		data, err := os.ReadFile(ldCachePath)
		require.NoError(t, err)
		if bytes.Contains(data, []byte("libc.so.6\x00")) {
			t.Skipf("the ld.so cache lists libc.so.6 for other architectures only, not %s", runtime.GOARCH)
		}
	}
	require.True(t, ok, "libc.so.6 must be in the ld.so cache")
	assert.True(t, filepath.IsAbs(p))
	assert.FileExists(t, p)
}

func TestParseLDCacheRejectsGarbage(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("glibc-ld.so.cache1.1"), make([]byte, 10), append([]byte("glibc-ld.so.cache1.1"), make([]byte, 40)...)} {
		_, ok := parseLDCache(data, "libzmq.so.5")
		assert.False(t, ok)
	}
}

func TestResolveNotFoundNamesPlaces(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(searchPathVar(), dir)
	_, searched, err := Resolve("libzmq-does-not-exist.so.9")
	var nf *NotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Contains(t, searched, filepath.Join(dir, "libzmq-does-not-exist.so.9"))
	assert.Contains(t, err.Error(), "libzmq-does-not-exist.so.9")
	if runtime.GOOS == "linux" {
		assert.Contains(t, err.Error(), "ld.so cache")
	}
}

// searchPathVar is the variable of directories this platform's loader
// searches.
func searchPathVar() string {
	switch runtime.GOOS {
	case "windows":
		return "PATH"
	case "darwin", "ios":
		return "DYLD_LIBRARY_PATH"
	}
	return "LD_LIBRARY_PATH"
}

func TestResolveHonoursSearchPathVariable(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "libfake.so.1")
	require.NoError(t, os.WriteFile(f, []byte("x"), 0o644))
	t.Setenv(searchPathVar(), dir)
	p, _, err := Resolve("libfake.so.1")
	require.NoError(t, err)
	assert.Equal(t, f, p)
}

func TestOpenRejectsDirectoryAndNonLibraries(t *testing.T) {
	_, err := Open(t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a regular file")

	junk := filepath.Join(t.TempDir(), "libjunk.so")
	require.NoError(t, os.WriteFile(junk, []byte("not an ELF file"), 0o644))
	_, err = Open(junk)
	require.Error(t, err)
	if runtime.GOOS == "windows" {
		assert.Contains(t, err.Error(), "LoadLibraryEx")
	} else {
		assert.Contains(t, err.Error(), "dlopen")
	}

	if runtime.GOOS == "linux" {
		libc, _, err := Resolve("libc.so.6")
		if err == nil {
			_, err = Open(libc)
			require.ErrorIs(t, err, ErrNotLibzmq)
		}
	}
	_, err = Open("bad\x00name")
	require.Error(t, err)
}
