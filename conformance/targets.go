// Package conformance is the behavioural suite that every libzmq library, and
// so every backend, must pass through the zmqffi API: one set of tests, run
// against the system libzmq, every library listed in ZMQFFI_TEST_LIBS, and the
// 2.x and 3.x ABI test libraries of scripts/compat (built with gcc on the
// fly). Version-specific expectations (what 2.x cannot do) are checked, not
// skipped.
//
// Environment:
//
//	ZMQFFI_TEST_LIBS      colon-separated library paths or sonames to add
//	ZMQFFI_REQUIRE_COMPAT =1: fail, instead of skip, when the compat
//	                      libraries cannot be built (CI sets it)
//	ZMQFFI_COMPAT_DIR     use compat libraries already built there
package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/zmqffi/zmqffi"
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

// moduleRoot is the repository root, found from this file's path.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// CompatTargets returns the 2.x and 3.x ABI test libraries, building them once
// per test process with scripts/compat/build.sh unless ZMQFFI_COMPAT_DIR
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
			cmd := exec.Command("bash", filepath.Join(moduleRoot(), "scripts", "compat", "build.sh"), dir)
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
			t.Fatalf("conformance: cannot build the compat test libraries: %v", compatErr)
		}
		t.Logf("conformance: compat test libraries unavailable (set ZMQFFI_REQUIRE_COMPAT=1 to fail): %v", compatErr)
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

// RunMajor runs the suite against every target whose libzmq has the given
// major version; each backend's tests call it.
func RunMajor(t *testing.T, major int) {
	ran := 0
	for _, tg := range Targets(t) {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
		if err != nil {
			t.Errorf("%s: %v", tg.Name, err)
			continue
		}
		v := ctx.Version()
		_ = ctx.Term()
		if v.Major != major {
			continue
		}
		ran++
		t.Run(tg.Name+"-"+v.String(), func(t *testing.T) { Run(t, tg) })
	}
	if ran == 0 {
		t.Skipf("no libzmq %d.x among the targets (add one to ZMQFFI_TEST_LIBS)", major)
	}
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
