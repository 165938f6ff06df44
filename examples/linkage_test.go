package examples

import (
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// What a CGO_ENABLED=0 build of a zmqffi program is, shown on the hello
// example: it needs no C toolchain to build, but it is not a static binary.
// On Linux it names the platform's dynamic loader (PT_INTERP) and needs libc
// (DT_NEEDED, glibc's sonames, which purego asks for), while libzmq is not
// among its link-time dependencies: the binding dlopens it at run time.

// noCC is given as the C compiler to builds that must not need one.
const noCC = "CC=/nonexistent/cc"

func TestLinkageNoCgo(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the ELF checks are for linux, not %s", runtime.GOOS)
	}
	t.Parallel()
	dir := buildEnv(t, []string{"CGO_ENABLED=0", noCC}, "hello")
	bin := filepath.Join(dir, "hello")

	info, err := buildinfo.ReadFile(bin)
	require.NoError(t, err)
	require.Equal(t, "0", buildSetting(info, "CGO_ENABLED"), "build settings: %v", info.Settings)

	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	require.Empty(t, symbolsWithPrefix(t, f, "runtime/cgo."), "a CGO_ENABLED=0 build links no runtime/cgo")

	interp := interpreter(t, f)
	t.Logf("PT_INTERP: %s", interp)
	require.True(t, strings.HasPrefix(interp, "/"), "PT_INTERP names the dynamic loader by path: %q", interp)
	needed, err := f.ImportedLibraries()
	require.NoError(t, err)
	t.Logf("DT_NEEDED: %s", strings.Join(needed, ", "))
	require.Contains(t, needed, "libc.so.6", "the C library, by glibc's soname")
	for _, lib := range needed {
		require.False(t, strings.HasPrefix(lib, "libzmq"), "libzmq is loaded at run time, not linked: DT_NEEDED %s", lib)
	}

	// And it runs, finding libzmq by itself.
	out := run(t, dir, "hello")
	require.Regexp(t, `(?m)^libzmq \d+\.\d+\.\d+ loaded from /\S+$`, out)
	require.True(t, strings.HasSuffix(out, "\nok\n"), "the last line is ok; output:\n%s", out)
}

// TestLinkageCgoControl builds the same program with cgo, to show that the
// checks above tell the two builds apart.
func TestLinkageCgoControl(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the ELF checks are for linux, not %s", runtime.GOOS)
	}
	out, err := exec.Command("go", "env", "CC").Output()
	cc := strings.Fields(string(out))
	if err != nil || len(cc) == 0 {
		t.Skipf("go env CC: %q, %v", out, err)
	}
	if _, err := exec.LookPath(cc[0]); err != nil {
		t.Skipf("no C compiler for a cgo build: %v", err)
	}
	t.Parallel()
	dir := buildEnv(t, []string{"CGO_ENABLED=1"}, "hello")
	bin := filepath.Join(dir, "hello")
	info, err := buildinfo.ReadFile(bin)
	require.NoError(t, err)
	require.Equal(t, "1", buildSetting(info, "CGO_ENABLED"))
	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	require.NotEmpty(t, symbolsWithPrefix(t, f, "runtime/cgo."), "a cgo build links runtime/cgo")
}

// TestLinkageCrossCompile builds the program for other platforms with
// CGO_ENABLED=0 and no C compiler: each binary is of its platform's format
// and, there too, does not link libzmq.
func TestLinkageCrossCompile(t *testing.T) {
	t.Parallel()
	t.Run("linux/arm64", func(t *testing.T) {
		t.Parallel()
		dir := buildEnv(t, []string{"CGO_ENABLED=0", noCC, "GOOS=linux", "GOARCH=arm64"}, "hello")
		f, err := elf.Open(filepath.Join(dir, "hello"))
		require.NoError(t, err)
		defer f.Close()
		require.Equal(t, elf.EM_AARCH64, f.Machine)
		t.Logf("PT_INTERP: %s", interpreter(t, f))
		needed, err := f.ImportedLibraries()
		require.NoError(t, err)
		t.Logf("DT_NEEDED: %s", strings.Join(needed, ", "))
		require.Contains(t, needed, "libc.so.6")
		for _, lib := range needed {
			require.False(t, strings.HasPrefix(lib, "libzmq"), "DT_NEEDED %s", lib)
		}
	})
	t.Run("darwin/arm64", func(t *testing.T) {
		t.Parallel()
		dir := buildEnv(t, []string{"CGO_ENABLED=0", noCC, "GOOS=darwin", "GOARCH=arm64"}, "hello")
		f, err := macho.Open(filepath.Join(dir, "hello"))
		require.NoError(t, err)
		defer f.Close()
		require.Equal(t, macho.CpuArm64, f.Cpu)
		libs, err := f.ImportedLibraries()
		require.NoError(t, err)
		t.Logf("LC_LOAD_DYLIB: %s", strings.Join(libs, ", "))
		require.True(t, slices.ContainsFunc(libs, func(l string) bool { return strings.HasPrefix(l, "/usr/lib/libSystem") }),
			"the system library: %v", libs)
		for _, lib := range libs {
			require.NotContains(t, lib, "libzmq", "libzmq is loaded at run time, not linked")
		}
	})
}

func buildSetting(info *buildinfo.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// interpreter returns the path in f's PT_INTERP program header, failing the
// test if there is none.
func interpreter(t *testing.T, f *elf.File) string {
	t.Helper()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			_, err := p.ReadAt(b, 0)
			require.NoError(t, err)
			return strings.TrimRight(string(b), "\x00")
		}
	}
	require.Fail(t, "no PT_INTERP program header: a statically linked binary")
	return ""
}

func symbolsWithPrefix(t *testing.T, f *elf.File, prefix string) []string {
	t.Helper()
	syms, err := f.Symbols()
	require.NoError(t, err, "the binary's symbol table")
	var names []string
	for _, s := range syms {
		if strings.HasPrefix(s.Name, prefix) {
			names = append(names, s.Name)
		}
	}
	return names
}
