package zmqheader

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, src string) *Header {
	t.Helper()
	h, err := Parse(strings.NewReader(src))
	require.NoError(t, err)
	return h
}

// values returns name → value and name → draft of h.
func values(h *Header) (map[string]int64, map[string]bool) {
	v, d := map[string]int64{}, map[string]bool{}
	for _, def := range h.Defines {
		v[def.Name] = def.Value
		d[def.Name] = def.Draft
	}
	return v, d
}

func TestExpressions(t *testing.T) {
	h := parse(t, `
#ifndef __ZMQ_H_INCLUDED__
#define __ZMQ_H_INCLUDED__
#define ZMQ_VERSION_MAJOR 4
#define ZMQ_VERSION_MINOR 3
#define ZMQ_VERSION_PATCH 5
#define ZMQ_MAKE_VERSION(major, minor, patch)                                  \
    ((major) *10000 + (minor) *100 + (patch))
#define ZMQ_VERSION                                                            \
    ZMQ_MAKE_VERSION (ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH)
#define ZMQ_HAUSNUMERO 156384712
#define EFSM (ZMQ_HAUSNUMERO + 51)   /* a comment */
#define ZMQ_HEX 0x0400               // another
#define ZMQ_NEG -1
#define ZMQ_NEG2 (-(2))
#define ZMQ_OCT 010
#define ZMQ_SUFFIX 16UL
#define ZMQ_OR ZMQ_HEX | ZMQ_LATER
#define ZMQ_LATER 0x10000
#define ZMQ_SHIFT (1 << 4)
#define ZMQ_TERNARY (ZMQ_NEG < 0 ? 7 : 8)
#define ZMQ_ALIAS ZMQ_HEX
#define ZMQ_STR "Routing-Id"
#define ZMQ_EMPTY
#define ZMQ_FN(x) ((x) + 1)
#define ZMQ_CALL ZMQ_FN(41)
#define ZMQ_MULTI /* a comment
                     spanning lines */ 3
#endif
`)
	v, d := values(h)
	assert.Equal(t, map[string]int64{
		"ZMQ_VERSION_MAJOR": 4, "ZMQ_VERSION_MINOR": 3, "ZMQ_VERSION_PATCH": 5,
		"ZMQ_VERSION": 40305, "ZMQ_HAUSNUMERO": 156384712, "EFSM": 156384763,
		"ZMQ_HEX": 1024, "ZMQ_NEG": -1, "ZMQ_NEG2": -2, "ZMQ_OCT": 8, "ZMQ_SUFFIX": 16,
		"ZMQ_OR": 0x10400, "ZMQ_LATER": 0x10000, "ZMQ_SHIFT": 16, "ZMQ_TERNARY": 7,
		"ZMQ_ALIAS": 1024, "ZMQ_CALL": 42, "ZMQ_MULTI": 3,
	}, v)
	for n, draft := range d {
		assert.False(t, draft, n)
	}
	skipped := map[string]SkipKind{}
	for _, s := range h.Skipped {
		skipped[s.Name] = s.Kind
	}
	assert.Equal(t, map[string]SkipKind{
		"__ZMQ_H_INCLUDED__": SkipEmpty,
		"ZMQ_MAKE_VERSION":   SkipFunctionLike,
		"ZMQ_STR":            SkipString,
		"ZMQ_EMPTY":          SkipEmpty,
		"ZMQ_FN":             SkipFunctionLike,
	}, skipped)

	maj, mnr, pat, ok := h.Version()
	require.True(t, ok)
	assert.Equal(t, [3]int{4, 3, 5}, [3]int{maj, mnr, pat})

	efsm, ok := h.Lookup("EFSM")
	require.True(t, ok)
	assert.Equal(t, 12, efsm.Line)
	assert.False(t, efsm.OS)
}

func TestDraftBlocks(t *testing.T) {
	h := parse(t, `
#define ZMQ_STABLE 1
#ifdef ZMQ_BUILD_DRAFT_API
#define ZMQ_SERVER 12
#if defined _WIN32
#define ZMQ_WIN_DRAFT 99
#else
#define ZMQ_POSIX_DRAFT 98
#endif
#endif // ZMQ_BUILD_DRAFT_API
#if defined ZMQ_BUILD_DRAFT_API && defined __linux__
#define ZMQ_LINUX_DRAFT 97
#endif
#if defined(ZMQ_BUILD_DRAFT_API)
#  define ZMQ_PAREN_DRAFT 96
#elif 1
#define ZMQ_ELIF_STABLE 95
#endif
#ifndef ZMQ_BUILD_DRAFT_API
#define ZMQ_NOT_DRAFT 94
#endif
#define ZMQ_EVENT_ALL 0xFFFF
#ifdef ZMQ_BUILD_DRAFT_API
#define ZMQ_EVENT_ALL_V1 ZMQ_EVENT_ALL
#define ZMQ_EVENT_PIPES_STATS 0x10000
#define ZMQ_EVENT_ALL_V2 ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS
#endif
`)
	v, d := values(h)
	assert.Equal(t, map[string]int64{
		"ZMQ_STABLE": 1, "ZMQ_SERVER": 12, "ZMQ_POSIX_DRAFT": 98, "ZMQ_LINUX_DRAFT": 97,
		"ZMQ_PAREN_DRAFT": 96, "ZMQ_ELIF_STABLE": 95, "ZMQ_NOT_DRAFT": 94,
		"ZMQ_EVENT_ALL": 65535, "ZMQ_EVENT_ALL_V1": 65535, "ZMQ_EVENT_PIPES_STATS": 65536,
		"ZMQ_EVENT_ALL_V2": 131071,
	}, v)
	assert.Equal(t, map[string]bool{
		"ZMQ_STABLE": false, "ZMQ_SERVER": true, "ZMQ_POSIX_DRAFT": true, "ZMQ_LINUX_DRAFT": true,
		"ZMQ_PAREN_DRAFT": true, "ZMQ_ELIF_STABLE": false, "ZMQ_NOT_DRAFT": false,
		"ZMQ_EVENT_ALL": false, "ZMQ_EVENT_ALL_V1": true, "ZMQ_EVENT_PIPES_STATS": true,
		"ZMQ_EVENT_ALL_V2": true,
	}, d)
	_, win := h.Lookup("ZMQ_WIN_DRAFT")
	assert.False(t, win, "a _WIN32 branch is never taken")
}

func TestNestedConditionals(t *testing.T) {
	h := parse(t, `
#if defined _WIN32
#  if defined ZMQ_STATIC
#    define ZMQ_A 1
#  else
#    define ZMQ_A 2
#  endif
#else
#  if (defined __GNUC__ && __GNUC__ >= 4) || defined __INTEL_COMPILER
#    define ZMQ_A 3
#    if __GNUC__ > 100
#      define ZMQ_B 1
#    elif __GNUC__ > 5
#      define ZMQ_B 2
#    elif 1
#      define ZMQ_B 3
#    else
#      define ZMQ_B 4
#    endif
#  else
#    define ZMQ_A 4
#  endif
#endif
#if 0
#if garbage that is never evaluated (
#error never reached
#endif
#define ZMQ_C 1
#endif
#define ZMQ_D 5
#undef ZMQ_D
`)
	v, _ := values(h)
	assert.Equal(t, map[string]int64{"ZMQ_A": 3, "ZMQ_B": 2}, v)
	skipped := map[string]SkipKind{}
	for _, s := range h.Skipped {
		skipped[s.Name] = s.Kind
	}
	assert.Equal(t, map[string]SkipKind{"ZMQ_C": SkipUndefined, "ZMQ_D": SkipUndefined}, skipped)
}

func TestErrnoTakesLinuxValue(t *testing.T) {
	h := parse(t, `
#define ZMQ_HAUSNUMERO 156384712
#ifndef ENOTSUP
#define ENOTSUP (ZMQ_HAUSNUMERO + 1)
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT (ZMQ_HAUSNUMERO + 16)
#endif
#define ETERM (ZMQ_HAUSNUMERO + 53)
`)
	d, ok := h.Lookup("ENOTSUP")
	require.True(t, ok)
	assert.Equal(t, Define{Name: "ENOTSUP", Value: 95, OS: true, Line: 4}, d)
	d, _ = h.Lookup("ETIMEDOUT")
	assert.Equal(t, int64(110), d.Value)
	d, _ = h.Lookup("ETERM")
	assert.Equal(t, int64(156384765), d.Value)
	assert.False(t, d.OS)
	_, ok = h.Lookup("EAGAIN")
	assert.False(t, ok, "only names the header defines are reported")
}

func TestErrors(t *testing.T) {
	for name, src := range map[string]string{
		"unknown errno":       "#ifndef EWHATEVER\n#define EWHATEVER 1\n#endif\n",
		"draft changes value": "#ifdef ZMQ_BUILD_DRAFT_API\n#define ZMQ_X 1\n#else\n#define ZMQ_X 2\n#endif\n",
		"missing endif":       "#ifdef FOO\n#define ZMQ_X 1\n",
		"stray endif":         "#endif\n",
		"stray else":          "#else\n",
		"elif after else":     "#if 1\n#else\n#elif 1\n#endif\n",
		"active error":        "#ifndef ZMQ_BUILD_DRAFT_API\n#error no drafts\n#endif\n",
		"bad condition":       "#if (1\n#endif\n",
		"open comment":        "#define ZMQ_X 1 /* never closed\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(src))
			assert.Error(t, err)
		})
	}
	_, err := Parse(strings.NewReader("#ifdef ZMQ_BUILD_DRAFT_API\n#define ZMQ_X 1\n#else\n#define ZMQ_X 2\n#endif\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZMQ_X is 2 without ZMQ_BUILD_DRAFT_API and 1 with it")
}

func TestNotInteger(t *testing.T) {
	h := parse(t, "#define ZMQ_X foo + 1\n#define ZMQ_Y (1 / 0)\n#define ZMQ_Z 1.5\n")
	require.Len(t, h.Skipped, 3)
	for _, s := range h.Skipped {
		assert.Equal(t, SkipNotInteger, s.Kind, s.Name)
	}
	assert.Empty(t, h.Defines)
}

func TestEvalOperators(t *testing.T) {
	for expr, want := range map[string]int64{
		"1 + 2 * 3":          7,
		"(1 + 2) * 3":        9,
		"10 - 4 - 3":         3,
		"7 / 2 % 2":          1,
		"~0":                 -1,
		"!0 + !5":            1,
		"1 < 2 && 3 >= 3":    1,
		"0 || 0":             0,
		"6 & 3 ^ 1 | 8":      11,
		"1 == 1 != 0":        1,
		"0 ? 1 : 0 ? 2 : 3":  3,
		"0x7fffffffffffffff": 1<<63 - 1,
		"'A'":                65,
		"-0x10000000":        -0x10000000,
		"256 >> 4 << 1":      32,
	} {
		v, err := evalTokens(tokenize(expr))
		if assert.NoError(t, err, expr) {
			assert.Equal(t, want, v, expr)
		}
	}
}
