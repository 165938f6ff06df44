package loader

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644))
	}
}

func TestSearchOrderPerPlatform(t *testing.T) {
	cases := []struct {
		p      platform
		before []string
		after  []string
		cache  bool
	}{
		{
			p: platform{goos: "windows", getenv: envOf(map[string]string{"PATH": `C:\zmq\bin;;C:\WINDOWS\System32;C:\tools;C:\zmq\bin`}),
				exeDir: `C:\app`, systemDir: `C:\Windows\system32`, windowsDir: `C:\Windows`, workDir: `C:\work`},
			before: []string{`C:\app`, `C:\Windows\system32`, `C:\Windows\System`, `C:\Windows`, `C:\work`},
			after:  []string{`C:\zmq\bin`, `C:\tools`},
		},
		{
			p:      platform{goos: "darwin", getenv: envOf(map[string]string{"DYLD_LIBRARY_PATH": "/a:/b", "DYLD_FALLBACK_LIBRARY_PATH": "/fb"})},
			before: []string{"/a", "/b"},
			after:  []string{"/fb", "/opt/homebrew/lib", "/usr/local/lib", "/opt/local/lib", "/usr/lib"},
		},
		{
			p:     platform{goos: "darwin", getenv: envOf(nil)},
			after: []string{"/opt/homebrew/lib", "/usr/local/lib", "/opt/local/lib", "/usr/lib"},
		},
		{
			p: platform{goos: "freebsd", getenv: envOf(map[string]string{"LD_LIBRARY_PATH": "/l"}),
				hintsDirs: func() []string { return []string{"/lib", "/usr/local/lib/compat"} }},
			before: []string{"/l"},
			after:  []string{"/lib", "/usr/local/lib/compat", "/usr/lib", "/usr/local/lib"},
		},
		{
			p:     platform{goos: "netbsd", getenv: envOf(nil)},
			after: []string{"/usr/lib", "/usr/pkg/lib", "/usr/local/lib"},
		},
		{
			p: platform{goos: "linux", goarch: "arm64", getenv: envOf(map[string]string{"LD_LIBRARY_PATH": "/x:"}),
				ldCache: func(string) (string, bool) { return "", false }},
			before: []string{"/x"},
			after:  []string{"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"},
			cache:  true,
		},
	}
	for _, c := range cases {
		t.Run(c.p.goos, func(t *testing.T) {
			o := c.p.order()
			assert.Equal(t, c.before, o.before)
			assert.Equal(t, c.after, o.after)
			assert.Equal(t, c.cache, o.cache != nil)
		})
	}
}

func TestDefaultNamesPerPlatform(t *testing.T) {
	assert.Equal(t, []string{"libzmq*.dll"}, platform{goos: "windows"}.defaultNames())
	assert.Equal(t, []string{"libzmq.5.dylib", "libzmq.dylib"}, platform{goos: "darwin"}.defaultNames())
	for _, goos := range []string{"linux", "freebsd", "netbsd"} {
		assert.Equal(t, "libzmq.so.5", platform{goos: goos}.defaultNames()[0], goos)
	}
}

func TestIsPath(t *testing.T) {
	win, nix := platform{goos: "windows"}, platform{goos: "linux"}
	for _, n := range []string{`C:\zmq\libzmq.dll`, `zmq\libzmq.dll`, `C:libzmq.dll`, "./libzmq.dll", "/usr/lib/libzmq.so.5"} {
		assert.True(t, win.isPath(n), n)
	}
	assert.False(t, win.isPath("libzmq-mt-4_3_5.dll"))
	assert.True(t, nix.isPath("./libzmq.so.5"))
	assert.False(t, nix.isPath(`dir\libzmq.so.5`), "a backslash is part of a file name on unix")
	assert.False(t, nix.isPath("libzmq.so.5"))
}

func TestParseDLLName(t *testing.T) {
	cases := map[string]dllName{
		"libzmq.dll":                   {},
		"LIBZMQ.DLL":                   {},
		"libzmq-mt-4_3_5.dll":          {version: [3]int{4, 3, 5}},
		"libzmq-v143-mt-4_3_5.dll":     {toolset: 143, version: [3]int{4, 3, 5}},
		"libzmq-v142-mt-gd-4_3_4.dll":  {toolset: 142, version: [3]int{4, 3, 4}, debug: true},
		"libzmq-v141-mt-sgd-4_3_2.dll": {toolset: 141, version: [3]int{4, 3, 2}, debug: true},
		"libzmq-v140-mt-s-4_2_5.dll":   {toolset: 140, version: [3]int{4, 2, 5}},
	}
	for name, want := range cases {
		got, ok := parseDLLName(name)
		require.True(t, ok, name)
		want.name = name
		assert.Equal(t, want, got, name)
	}
	for _, name := range []string{"libzmq.lib", "libzmq-mt-4_3_5.pdb", "libzmqpp.dll", "libzmq-perf.dll", "libzmq-mt-4_x_5.dll", "zmq.dll", "libzmq-.dll"} {
		_, ok := parseDLLName(name)
		assert.False(t, ok, name)
	}
}

func TestPickDLLPrefersNewestRelease(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "libzmq.dll", "libzmq-v142-mt-4_3_4.dll", "libzmq-v143-mt-gd-4_3_5.dll",
		"libzmq-v141-mt-4_3_5.dll", "libzmq-v143-mt-4_3_5.dll", "libzmq-v143-mt-4_3_5.pdb", "libzmqpp-4_3_9.dll")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "libzmq-v199-mt-9_9_9.dll"), 0o755))
	f, ok := pickDLL(dir)
	require.True(t, ok)
	assert.Equal(t, filepath.Join(dir, "libzmq-v143-mt-4_3_5.dll"), f)

	only := t.TempDir()
	touch(t, only, "libzmq-v143-mt-gd-4_3_5.dll", "libzmq.dll")
	f, ok = pickDLL(only)
	require.True(t, ok)
	assert.Equal(t, filepath.Join(only, "libzmq.dll"), f, "a release build before a debug one")

	_, ok = pickDLL(t.TempDir())
	assert.False(t, ok)
}

// windowsIn describes a Windows host whose directories are temporary ones on
// this machine.
func windowsIn(exe, sys, path string) platform {
	return platform{goos: "windows", getenv: envOf(map[string]string{"PATH": path}), exeDir: exe, systemDir: sys}
}

func TestWindowsResolveDefaultFirstDirectoryWins(t *testing.T) {
	exe, sys, p1, p2 := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	touch(t, p1, "libzmq-mt-4_3_4.dll")
	touch(t, p2, "libzmq-v143-mt-4_3_5.dll")
	p := windowsIn(exe, sys, p1+";"+p2)
	f, searched, err := p.resolveDefault()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(p1, "libzmq-mt-4_3_4.dll"), f, "PATH order, as LoadLibrary")
	assert.Equal(t, []string{filepath.Join(exe, "libzmq*.dll"), filepath.Join(sys, "libzmq*.dll"), filepath.Join(p1, "libzmq*.dll")}, searched)

	touch(t, exe, "libzmq.dll")
	f, _, err = p.resolveDefault()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(exe, "libzmq.dll"), f, "the executable's directory first")
}

func TestWindowsResolveNamesEveryPlaceTried(t *testing.T) {
	exe, sys, p1 := t.TempDir(), t.TempDir(), t.TempDir()
	p := windowsIn(exe, sys, p1)
	_, searched, err := p.resolveDefault()
	var nf *NotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Len(t, searched, 3)
	for _, d := range []string{exe, sys, p1} {
		assert.Contains(t, err.Error(), filepath.Join(d, "libzmq*.dll"))
	}
	assert.Contains(t, err.Error(), "libzmq*.dll")

	_, _, err = p.resolve("libzmq-v143-mt-4_3_5")
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, "libzmq-v143-mt-4_3_5.dll", nf.Name, "LoadLibrary's default extension")
	assert.Equal(t, []string{filepath.Join(exe, nf.Name), filepath.Join(sys, nf.Name), filepath.Join(p1, nf.Name)}, nf.Searched)

	touch(t, p1, "libzmq-v143-mt-4_3_5.dll")
	f, _, err := p.resolve("libzmq-v143-mt-4_3_5.dll")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(p1, "libzmq-v143-mt-4_3_5.dll"), f)
}

func TestWindowsInstalledListsDLLsOnly(t *testing.T) {
	exe, p1 := t.TempDir(), t.TempDir()
	touch(t, exe, "libzmq.dll", "libzmq.lib")
	touch(t, p1, "libzmq-v143-mt-4_3_5.dll", "libzmq-v143-mt-4_3_5.pdb", "libzmqpp.dll")
	got := windowsIn(exe, "", p1).installed()
	assert.Equal(t, []string{filepath.Join(exe, "libzmq.dll"), filepath.Join(p1, "libzmq-v143-mt-4_3_5.dll")}, got)
}

// posixHost skips a test of a POSIX platform's rules on Windows, whose paths
// it cannot make.
func posixHost(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the rules of POSIX platforms are tested on POSIX hosts")
	}
}

func TestDarwinResolve(t *testing.T) {
	posixHost(t)
	dyld, fb := t.TempDir(), t.TempDir()
	touch(t, fb, "libzmq.5.dylib")
	p := platform{goos: "darwin", getenv: envOf(map[string]string{"DYLD_LIBRARY_PATH": dyld, "DYLD_FALLBACK_LIBRARY_PATH": fb})}
	f, searched, err := p.resolveDefault()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(fb, "libzmq.5.dylib"), f)
	assert.Equal(t, []string{filepath.Join(dyld, "libzmq.5.dylib"), filepath.Join(fb, "libzmq.5.dylib")}, searched)

	touch(t, dyld, "libzmq.dylib")
	f, _, err = p.resolveDefault()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(fb, "libzmq.5.dylib"), f, "the newest ABI's name first, wherever it is")
	assert.Equal(t, []string{filepath.Join(dyld, "libzmq.dylib")}, p.installed()[:1])
}

func TestBSDResolve(t *testing.T) {
	posixHost(t)
	ld, hinted := t.TempDir(), t.TempDir()
	touch(t, hinted, "libzmq.so.5")
	p := platform{goos: "freebsd", getenv: envOf(map[string]string{"LD_LIBRARY_PATH": ld}), hintsDirs: func() []string { return []string{hinted} }}
	f, searched, err := p.resolve("libzmq.so.5")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(hinted, "libzmq.so.5"), f)
	assert.Equal(t, []string{filepath.Join(ld, "libzmq.so.5"), f}, searched)

	n := platform{goos: "netbsd", getenv: envOf(map[string]string{"LD_LIBRARY_PATH": ld})}
	_, searched, err = n.resolve("libzmq.so.5")
	if err != nil { // unless this host has a /usr/lib/libzmq.so.5
		assert.Contains(t, searched, "/usr/pkg/lib/libzmq.so.5")
	}
}

func TestParseELFHints(t *testing.T) {
	dirs := "/lib:/usr/lib:/usr/local/lib"
	hdr := make([]byte, 128)
	binary.LittleEndian.PutUint32(hdr[0:], 0x746e6845)
	binary.LittleEndian.PutUint32(hdr[4:], 1)
	binary.LittleEndian.PutUint32(hdr[8:], 128)                  // strtab
	binary.LittleEndian.PutUint32(hdr[12:], uint32(len(dirs))+1) // strsize
	binary.LittleEndian.PutUint32(hdr[16:], 0)                   // dirlist
	binary.LittleEndian.PutUint32(hdr[20:], uint32(len(dirs)))
	data := append(hdr, append([]byte(dirs), 0)...)
	assert.Equal(t, []string{"/lib", "/usr/lib", "/usr/local/lib"}, parseELFHints(data))

	assert.Nil(t, parseELFHints(data[:20]))
	assert.Nil(t, parseELFHints(data[:130]), "a directory list past the end")
	bad := append([]byte{}, data...)
	bad[0] = 'X'
	assert.Nil(t, parseELFHints(bad))
}
