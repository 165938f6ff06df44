package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/constants"
)

// releases are the versions constants/tables_gen.go is generated from.
var releases = []string{
	"2.2.0", "3.2.5", "4.0.10", "4.1.0", "4.1.1", "4.1.2", "4.1.8", "4.2.0", "4.2.3", "4.2.5",
	"4.3.0", "4.3.2", "4.3.3", "4.3.4", "4.3.5",
}

// TestReproducesTablesGen regenerates constants/tables_gen.go from the
// release headers and requires the same bytes.
func TestReproducesTablesGen(t *testing.T) {
	dir := os.Getenv("ZMQFFI_HEADER_DIR")
	if dir == "" {
		// The release headers are not in the repository (they are libzmq's,
		// and CI has only Debian's): this check runs where a developer
		// fetched them.
		t.Skip("ZMQFFI_HEADER_DIR is not set: no release headers to regenerate from")
	}
	var missing []string
	for _, v := range releases {
		if _, err := os.Stat(filepath.Join(dir, v, "zmq.h")); err != nil {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("release headers %s missing under %s (set ZMQFFI_HEADER_DIR to a folder with <version>/zmq.h for %s)",
			strings.Join(missing, " "), dir, strings.Join(releases, " "))
		if os.Getenv("ZMQFFI_REQUIRE_HEADERS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	inputs, err := inputsFromDir(dir)
	require.NoError(t, err)
	headers, err := loadHeaders(inputs)
	require.NoError(t, err)
	require.Len(t, headers, len(releases), "extra version folders under %s", dir)
	s, err := parseSpec(optionTypesTxt, nonOptionsTxt)
	require.NoError(t, err)
	got, warnings, err := generate(headers, s, false)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	want, err := os.ReadFile("../../tables_gen.go")
	require.NoError(t, err)
	if string(got) != string(want) {
		t.Errorf("constants/tables_gen.go is stale: run\n\tZMQFFI_HEADER_DIR=%s go generate ./constants", dir)
		assert.Equal(t, string(want), string(got))
	}
}

// fakeHeader writes DIR/<v>/zmq.h with the version macros and body.
func fakeHeader(t *testing.T, dir, v, body string) input {
	t.Helper()
	ver, err := parseVersion(v)
	require.NoError(t, err)
	p := filepath.Join(dir, v, "zmq.h")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	src := fmt.Sprintf("#define ZMQ_VERSION_MAJOR %d\n#define ZMQ_VERSION_MINOR %d\n#define ZMQ_VERSION_PATCH %d\n%s",
		ver.Major, ver.Minor, ver.Patch, body)
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return input{version: ver, path: p}
}

const testNonOptions = "ZMQ_VERSION_MAJOR\nZMQ_VERSION_MINOR\nZMQ_VERSION_PATCH\nZMQ_PUB\nZMQ_EVENT_ALL\n"

func gen(t *testing.T, optionTypes, nonOptions string, allowMissing bool, inputs ...input) ([]byte, error) {
	t.Helper()
	s, err := parseSpec(optionTypes, nonOptions)
	require.NoError(t, err)
	headers, err := loadHeaders(inputs)
	require.NoError(t, err)
	src, _, err := generate(headers, s, allowMissing)
	return src, err
}

func TestGenerateSmall(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "2.2.0", "#define ZMQ_PUB 1\n#define ZMQ_RCVMORE 13\n#define ZMQ_LINGER 17\n#define ZMQ_HAUSNUMERO 156384712\n#define EFSM (ZMQ_HAUSNUMERO + 51)\n")
	b := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n#define ZMQ_RCVMORE 13\n#define ZMQ_EVENT_ALL 0xFFFF\n#ifdef ZMQ_BUILD_DRAFT_API\n#define ZMQ_LINGER 17\n#endif\n")
	spec := "ZMQ_RCVMORE int ro 2=i64\nZMQ_LINGER int rw\n"
	out, err := gen(t, spec, testNonOptions+"ZMQ_HAUSNUMERO\n", false, b, a) // order of inputs does not matter
	require.NoError(t, err)
	src := string(out)
	assert.True(t, strings.HasPrefix(src, generatedHeader+"\n"))
	assert.Less(t, strings.Index(src, "Major: 2"), strings.Index(src, "Major: 4"), "oldest first")
	for _, want := range []string{
		`"ZMQ_RCVMORE": {Name: "ZMQ_RCVMORE", Number: 13, Type: TypeInt64, Access: Read},`,
		`"ZMQ_RCVMORE": {Name: "ZMQ_RCVMORE", Number: 13, Type: TypeInt, Access: Read},`,
		`"ZMQ_LINGER":  {Name: "ZMQ_LINGER", Number: 17, Type: TypeInt, Access: ReadWrite},`,
		`"ZMQ_LINGER":  {Name: "ZMQ_LINGER", Number: 17, Type: TypeInt, Access: ReadWrite, Draft: true},`,
		`"EFSM":              156384763,`,
		"DraftConstants: map[string]int64{\n\t\t\t\"ZMQ_LINGER\": 17,\n\t\t},",
	} {
		assert.Contains(t, src, want)
	}
	again, err := gen(t, spec, testNonOptions+"ZMQ_HAUSNUMERO\n", false, a, b)
	require.NoError(t, err)
	assert.Equal(t, src, string(again), "deterministic")
}

func TestValueChangeFails(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.0.10", "#define ZMQ_PUB 1\n#define ZMQ_EVENT_ALL 2047\n")
	b := fakeHeader(t, dir, "4.1.8", "#define ZMQ_PUB 2\n#define ZMQ_EVENT_ALL 0xFFFF\n")
	_, err := gen(t, "", testNonOptions, false, a, b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZMQ_PUB changes value: 1 in 4.0.10 but 2 in 4.1.8")
	assert.NotContains(t, err.Error(), "ZMQ_EVENT_ALL", "a known change is allowed")
	assert.NotContains(t, err.Error(), "ZMQ_VERSION_MINOR")

	// A draft value counts too.
	c := fakeHeader(t, dir, "4.2.5", "#ifdef ZMQ_BUILD_DRAFT_API\n#define ZMQ_PUB 3\n#endif\n")
	_, err = gen(t, "", testNonOptions, true, a, c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZMQ_PUB changes value: 1 in 4.0.10 but 3 in 4.2.5")
}

func TestUnknownNameFails(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n#ifdef ZMQ_BUILD_DRAFT_API\n#define ZMQ_SHINY_NEW_OPTION 125\n#endif\n")
	_, err := gen(t, "", testNonOptions, true, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "4.3.5: ZMQ_SHINY_NEW_OPTION = 125 (draft, line 6) is in neither optiontypes.txt nor nonoptions.txt")
}

func TestListedButMissing(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n#define ZMQ_EVENT_ALL 1\n")
	_, err := gen(t, "ZMQ_TYPO int rw\n", testNonOptions+"ZMQ_OTHER_TYPO\n", false, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "optiontypes.txt:1: ZMQ_TYPO is defined by none of the headers (4.3.5)")
	assert.Contains(t, err.Error(), "nonoptions.txt: ZMQ_OTHER_TYPO is defined by none of the headers (4.3.5)")
	_, err = gen(t, "ZMQ_TYPO int rw\n", testNonOptions+"ZMQ_OTHER_TYPO\n", true, a)
	assert.NoError(t, err, "-allow-missing")
}

func TestAliasMismatchFails(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n#define ZMQ_EVENT_ALL 1\n#define ZMQ_ROUTING_ID 5\n#define ZMQ_IDENTITY ZMQ_ROUTING_ID\n")
	_, err := gen(t, "ZMQ_ROUTING_ID bin rw\nZMQ_IDENTITY str rw\n", testNonOptions, false, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "share number 5 but differ in type or access")
}

func TestVersionMismatchFails(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "")
	a.version = constants.Version{Major: 4, Minor: 3, Patch: 4}
	_, err := loadHeaders([]input{a})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "given as version 4.3.4 but the header says 4.3.5")

	a.version = constants.Version{Major: 4, Minor: 3, Patch: 5}
	_, err = loadHeaders([]input{a, a})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "given twice")
}

func TestNotIntegerFails(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n#define ZMQ_EVENT_ALL 1\n#define ZMQ_WEIRD sizeof(int)\n#define ZMQ_STR \"ok\"\n")
	_, err := gen(t, "", testNonOptions+"ZMQ_WEIRD\nZMQ_STR\n", true, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZMQ_WEIRD (line 6) is not an integer")
	assert.NotContains(t, err.Error(), "ZMQ_STR")
}

func TestSpec(t *testing.T) {
	s, err := parseSpec(optionTypesTxt, nonOptionsTxt)
	require.NoError(t, err)
	rcvmore := s.options["ZMQ_RCVMORE"]
	require.NotNil(t, rcvmore)
	assert.Equal(t, "i64", rcvmore.typeFor(constants.Version{Major: 2, Minor: 2, Patch: 0}))
	assert.Equal(t, "int", rcvmore.typeFor(constants.Version{Major: 3, Minor: 2, Patch: 5}))
	assert.Equal(t, "ro", rcvmore.access)
	assert.True(t, s.nonOptions["ZMQ_BLOCKY"])

	o := &optionSpec{typ: "int", overrides: map[string]string{"4": "i64", "4.3": "u64", "4.3.5": "str"}}
	assert.Equal(t, "int", o.typeFor(constants.Version{Major: 3, Minor: 2, Patch: 5}))
	assert.Equal(t, "i64", o.typeFor(constants.Version{Major: 4, Minor: 2, Patch: 5}))
	assert.Equal(t, "i64", o.typeFor(constants.Version{Major: 4, Minor: 30, Patch: 1}), "4.3 does not match 4.30")
	assert.Equal(t, "u64", o.typeFor(constants.Version{Major: 4, Minor: 3, Patch: 4}))
	assert.Equal(t, "str", o.typeFor(constants.Version{Major: 4, Minor: 3, Patch: 5}))

	for name, c := range map[string][2]string{
		"bad type":     {"ZMQ_X int32 rw\n", ""},
		"bad access":   {"ZMQ_X int r\n", ""},
		"bad override": {"ZMQ_X int rw 2:i64\n", ""},
		"bad selector": {"ZMQ_X int rw x=i64\n", ""},
		"short line":   {"ZMQ_X int\n", ""},
		"not ZMQ_":     {"LINGER int rw\n", ""},
		"dup option":   {"ZMQ_X int rw\nZMQ_X int rw\n", ""},
		"dup non":      {"", "ZMQ_X\nZMQ_X\n"},
		"in both":      {"ZMQ_X int rw\n", "ZMQ_X\n"},
		"two per line": {"", "ZMQ_X ZMQ_Y\n"},
	} {
		_, err := parseSpec(c[0], c[1])
		assert.Error(t, err, name)
	}
}

func TestRunCommandLine(t *testing.T) {
	dir := t.TempDir()
	a := fakeHeader(t, dir, "4.3.5", "#define ZMQ_PUB 1\n")
	out := filepath.Join(t.TempDir(), "tables_gen.go")
	err := run(out, "", true, []string{"4.3.5=" + a.path}, io.Discard)
	require.NoError(t, err)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), "Version: Version{Major: 4, Minor: 3, Patch: 5}")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "DONE"), nil, 0o644)) // files are ignored
	require.NoError(t, run(out, dir, true, nil, io.Discard))
	b2, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(b2))

	assert.Error(t, run(out, dir, true, []string{"4.3.5=" + a.path}, io.Discard), "same version twice")
	assert.Error(t, run(out, "", true, []string{"4.3.5"}, io.Discard))
	assert.Error(t, run(out, "", true, []string{"4.3=" + a.path}, io.Discard))
	assert.Error(t, run(out, "", true, nil, io.Discard))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "notaversion"), 0o755))
	assert.Error(t, run(out, dir, true, nil, io.Discard))
}
