// Package testenv finds the libzmq libraries that tests run against: the
// system libzmq, every library listed in ZMQFFI_TEST_LIBS, and the 2.x and 3.x
// ABI test libraries built from testdata/compat (with gcc, on the fly). It
// knows nothing of the binding, so that every layer's tests can use it.
//
// Environment:
//
//	ZMQFFI_TEST_LIBS      colon-separated library paths or sonames to add
//	ZMQFFI_REQUIRE_COMPAT =1: fail, instead of skip, when the compat
//	                      libraries cannot be built (CI sets it)
//	ZMQFFI_COMPAT_DIR     use compat libraries already built there
package testenv

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Target is one library to run the suite against.
type Target struct {
	// Name is used in subtest names.
	Name string
	// Soname is passed to zmqffi.WithSoname ("" means the default search).
	Soname string
}

var (
	compatOnce sync.Once
	compatLibs []Target
	compatErr  error
)

// ModuleRoot is the repository root, found from this file's path.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// CompatTargets returns the 2.x and 3.x ABI test libraries, building them once
// per test process with testdata/compat/build.sh unless ZMQFFI_COMPAT_DIR
// names a folder that has them.
func CompatTargets(t testing.TB) []Target {
	compatOnce.Do(func() {
		dir := os.Getenv("ZMQFFI_COMPAT_DIR")
		if dir == "" {
			var err error
			dir, err = os.MkdirTemp("", "zmqffi-compat-")
			if err != nil {
				compatErr = err
				return
			}
			cmd := exec.Command("bash", filepath.Join(ModuleRoot(), "testdata", "compat", "build.sh"), dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				compatErr = &buildError{out: string(out), err: err}
				return
			}
		}
		for _, m := range []string{"2", "3"} {
			compatLibs = append(compatLibs, Target{Name: "compat" + m, Soname: filepath.Join(dir, "libzmq-compat"+m+".so")})
		}
	})
	if compatErr != nil {
		if os.Getenv("ZMQFFI_REQUIRE_COMPAT") == "1" {
			t.Fatalf("testenv: cannot build the compat test libraries: %v", compatErr)
		}
		t.Logf("testenv: compat test libraries unavailable (set ZMQFFI_REQUIRE_COMPAT=1 to fail): %v", compatErr)
		return nil
	}
	return compatLibs
}

type buildError struct {
	out string
	err error
}

// Error gives the build failure and what the build printed.
func (e *buildError) Error() string { return e.err.Error() + ": " + e.out }

// Targets returns every library the suite runs against: the system default,
// the compat libraries, and ZMQFFI_TEST_LIBS.
func Targets(t testing.TB) []Target {
	targets := []Target{{Name: "system", Soname: ""}}
	targets = append(targets, CompatTargets(t)...)
	for _, p := range filepath.SplitList(os.Getenv("ZMQFFI_TEST_LIBS")) {
		if p = strings.TrimSpace(p); p != "" {
			targets = append(targets, Target{Name: targetName(p), Soname: p})
		}
	}
	return targets
}

// targetName names a library by its file and the two folders above it
// ("4.3.5-draft/lib/libzmq.so.5.2.5"), which tells builds with the same
// file name apart in test names.
func targetName(p string) string {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
	if len(parts) > 3 {
		parts = parts[len(parts)-3:]
	}
	return strings.Join(parts, "/")
}

// CopyLibrary copies the library file src to a new file in a temporary
// folder, under the same name: the dynamic linker takes the copy for a
// different library, although its soname and version are the same. The
// folder is removed when the test ends, except on Windows.
func CopyLibrary(t testing.TB, src string) string {
	t.Helper()
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	dir := ""
	if runtime.GOOS == "windows" {
		// Windows cannot delete a loaded DLL, and libraries are never
		// unloaded: the folder outlives the test process.
		var err error
		dir, err = os.MkdirTemp("", "zmqffi-copy-")
		require.NoError(t, err)
	} else {
		dir = t.TempDir()
	}
	dst := filepath.Join(dir, filepath.Base(src))
	out, err := os.Create(dst)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
	return dst
}
