package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// runCmd runs the command line and returns its exit status and output.
func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// systemLib returns the path of the libzmq a default context loads.
func systemLib(t *testing.T) (string, zmqffi.Version) {
	t.Helper()
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err, "the tests need the system libzmq")
	defer ctx.Term()
	return ctx.LibraryPath(), ctx.Version()
}

// targetPaths returns the absolute library paths of the conformance targets
// (system, compat, ZMQFFI_TEST_LIBS) with their versions.
func targetPaths(t *testing.T) map[string]string {
	t.Helper()
	paths := map[string]string{}
	for _, tg := range testenv.Targets(t) {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(tg.Soname))
		require.NoError(t, err)
		paths[ctx.LibraryPath()] = ctx.Version().String()
		require.NoError(t, ctx.Term())
	}
	return paths
}

func TestUsage(t *testing.T) {
	code, out, errOut := runCmd()
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "usage: zmqffi")

	code, out, _ = runCmd("help")
	assert.Equal(t, exitOK, code)
	for _, cmd := range []string{"doctor", "version", "help"} {
		assert.Contains(t, out, "  "+cmd)
	}

	code, _, errOut = runCmd("frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)

	code, _, errOut = runCmd("doctor", "--no-such-flag")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "no-such-flag")

	code, _, errOut = runCmd("version", "libzmq.so.5")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--soname")
}

func TestDoctorTable(t *testing.T) {
	sys, v := systemLib(t)
	code, out, errOut := runCmd("doctor")
	require.Equal(t, exitOK, code, "stderr: %s", errOut)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.GreaterOrEqual(t, len(lines), 2, out)
	header := lines[0]
	require.Regexp(t, `^PATH +SONAME +VERSION +CURVE +DEFAULT +CAPABILITIES$`, header)

	// The system library is listed, marked default, with its version in the
	// VERSION column of an aligned table.
	var row string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, sys+" ") {
			row = l
		}
	}
	require.NotEmpty(t, row, "no row for %s in:\n%s", sys, out)
	for _, col := range []string{"SONAME", "VERSION", "CURVE", "DEFAULT", "CAPABILITIES"} {
		i := strings.Index(header, col)
		require.Greater(t, len(row), i, col)
		assert.NotEqual(t, byte(' '), row[i], "column %s must start at offset %d in:\n%s", col, i, out)
		assert.Equal(t, byte(' '), row[i-1], "column %s must start at offset %d in:\n%s", col, i, out)
	}
	assert.True(t, strings.HasPrefix(row[strings.Index(header, "VERSION"):], v.String()+" "), row)
	assert.True(t, strings.HasPrefix(row[strings.Index(header, "DEFAULT"):], "yes"), row)
	assert.Contains(t, row[strings.Index(header, "CAPABILITIES"):], "ipc")
}

func TestDoctorJSON(t *testing.T) {
	want := targetPaths(t)
	args := []string{"doctor", "--json"}
	for p := range want {
		args = append(args, p)
	}
	code, out, errOut := runCmd(args...)
	require.Equal(t, exitOK, code, "stderr: %s", errOut)
	var reports []Report
	require.NoError(t, json.Unmarshal([]byte(out), &reports), out)
	require.Len(t, reports, len(want))
	sys, _ := systemLib(t)
	for _, r := range reports {
		assert.Empty(t, r.Error)
		assert.Equal(t, want[r.Path], r.Version, r.Path)
		assert.Equal(t, r.Path == sys, r.Default, r.Path)
		assert.Equal(t, r.Capabilities["curve"], r.Curve, r.Path)
		assert.Len(t, r.Capabilities, len(zmqffi.Capabilities()), r.Path)
		if strings.HasPrefix(r.Version, "2.") || strings.HasPrefix(r.Version, "3.") {
			assert.False(t, r.Curve, "%s: no CURVE before 4.0", r.Path)
		}
		if r.Path == sys && runtime.GOOS != "windows" { // a DLL has no soname
			// The system library is installed with its soname link.
			assert.Regexp(t, regexp.MustCompile(`^libzmq\.so\.\d+$`), r.Soname)
			assert.FileExists(t, filepath.Join(filepath.Dir(sys), r.Soname))
		}
	}
}

func TestDoctorMissingLibrary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "libzmq.so.9")
	code, out, errOut := runCmd("doctor", missing)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, out, missing)
	assert.Contains(t, errOut, missing)
	assert.Contains(t, errOut, "not found")

	code, out, _ = runCmd("doctor", "--json", missing)
	assert.Equal(t, exitFail, code)
	var reports []Report
	require.NoError(t, json.Unmarshal([]byte(out), &reports), out)
	require.Len(t, reports, 1)
	assert.NotEmpty(t, reports[0].Error)
	assert.Empty(t, reports[0].Version)
}

func TestVersion(t *testing.T) {
	sys, v := systemLib(t)
	code, out, errOut := runCmd("version")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, v.String()+" "+sys+"\n", out)

	for p, ver := range targetPaths(t) {
		code, out, errOut := runCmd("version", "--soname", p)
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, ver+" "+p+"\n", out)
	}

	code, out, errOut = runCmd("version", "--json", "--soname", sys)
	require.Equal(t, exitOK, code, errOut)
	var got struct{ Version, Path, Soname string }
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	assert.Equal(t, v.String(), got.Version)
	assert.Equal(t, sys, got.Path)
	if runtime.GOOS != "windows" { // a DLL has no soname
		assert.NotEmpty(t, got.Soname)
	}

	code, out, errOut = runCmd("version", "--soname", "libzmq-that-does-not-exist.so.9")
	assert.Equal(t, exitFail, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "libzmq-that-does-not-exist.so.9")
}
