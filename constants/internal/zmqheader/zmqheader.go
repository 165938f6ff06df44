// Package zmqheader reads the integer macros of a libzmq zmq.h without a C
// compiler.
//
// [Parse] runs a small C preprocessor over the header twice, the way a C
// program that includes it would see it on x86_64 Linux with gcc: once as
// is and once with ZMQ_BUILD_DRAFT_API defined. A name visible only in the
// second pass is draft-only ([Define.Draft]); this handles `#ifdef
// ZMQ_BUILD_DRAFT_API`, `#if defined ZMQ_BUILD_DRAFT_API`, `#ifndef`, `#else`,
// `#elif` and any nesting of other conditionals.
//
// Conditionals are evaluated with these names predefined: __linux__, __unix__,
// __GNUC__ (12), __x86_64__, __LP64__, __STDC__ and friends, plus the errno
// names of [LinuxErrno] (as <errno.h> would define them). _WIN32, _MSC_VER and
// __cplusplus are not defined. So an errno name that zmq.h only defines under
// `#ifndef ENOTSUP` keeps the Linux value (95), not the header's fallback
// (ZMQ_HAUSNUMERO + 1); such defines are marked [Define.OS].
//
// The value of an object-like macro is computed with the macros in force at
// the end of the header (as a program including it would): references to
// other macros, function-like macros such as ZMQ_MAKE_VERSION, decimal, hex
// and octal literals with integer suffixes, unary, binary and ternary C
// operators are supported. Empty macros, string macros and function-like
// macros themselves are not integers: they are listed in [Header.Skipped].
package zmqheader

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DraftMacro is the macro that enables libzmq's draft API.
const DraftMacro = "ZMQ_BUILD_DRAFT_API"

// LinuxErrno holds the Linux values of the errno names that zmq.h defines
// only when the system lacks them (`#ifndef ENOTSUP` / `#define ENOTSUP
// (ZMQ_HAUSNUMERO + 1)`). They are the same on every Linux architecture that
// libzmq supports with the generic errno layout (x86, arm, arm64, riscv).
var LinuxErrno = map[string]int64{
	"ENOTSUP":         95,
	"EPROTONOSUPPORT": 93,
	"ENOBUFS":         105,
	"ENETDOWN":        100,
	"EADDRINUSE":      98,
	"EADDRNOTAVAIL":   99,
	"ECONNREFUSED":    111,
	"EINPROGRESS":     115,
	"ENOTSOCK":        88,
	"EMSGSIZE":        90,
	"EAFNOSUPPORT":    97,
	"ENETUNREACH":     101,
	"ECONNABORTED":    103,
	"ECONNRESET":      104,
	"ENOTCONN":        107,
	"ETIMEDOUT":       110,
	"EHOSTUNREACH":    113,
	"ENETRESET":       102,
	"EAGAIN":          11,
	"EINTR":           4,
	"EINVAL":          22,
	"EFAULT":          14,
	"ENOMEM":          12,
	"ENODEV":          19,
	"ENOENT":          2,
	"EMFILE":          24,
}

// predefined are the compiler's macros of gcc 12 on x86_64 Linux that a
// header might test.
var predefined = map[string]string{
	"__linux__":           "1",
	"__linux":             "1",
	"linux":               "1",
	"__unix__":            "1",
	"__unix":              "1",
	"unix":                "1",
	"__gnu_linux__":       "1",
	"__ELF__":             "1",
	"__GNUC__":            "12",
	"__GNUC_MINOR__":      "2",
	"__GNUC_PATCHLEVEL__": "0",
	"__x86_64__":          "1",
	"__x86_64":            "1",
	"__amd64__":           "1",
	"__amd64":             "1",
	"__LP64__":            "1",
	"_LP64":               "1",
	"__STDC__":            "1",
	"__STDC_VERSION__":    "201710L",
	"__STDC_HOSTED__":     "1",
	"__CHAR_BIT__":        "8",
	"__SIZEOF_INT__":      "4",
	"__SIZEOF_LONG__":     "8",
	"__SIZEOF_POINTER__":  "8",
}

// Define is one integer object-like macro of the header.
type Define struct {
	// Name is the macro name, e.g. "ZMQ_LINGER".
	Name string
	// Value is the macro's integer value.
	Value int64
	// Draft is true when the name is visible only with ZMQ_BUILD_DRAFT_API.
	Draft bool
	// OS is true for an errno name that the header defines only when the
	// system does not (`#ifndef NAME`); Value is then the Linux value from
	// [LinuxErrno].
	OS bool
	// Line is the 1-based line of the first #define of Name in the header.
	Line int
}

// SkipKind says why a #define is not in [Header.Defines].
type SkipKind int

const (
	// SkipUndefined: the name is not defined at the end of the header on
	// Linux, with or without the draft API (an inactive #if branch, or
	// #undef).
	SkipUndefined SkipKind = iota + 1
	// SkipEmpty: the macro has no replacement text (a feature flag such as
	// ZMQ_HAVE_POLLER or an include guard).
	SkipEmpty
	// SkipString: the replacement contains a string literal.
	SkipString
	// SkipFunctionLike: a function-like macro such as ZMQ_MAKE_VERSION.
	SkipFunctionLike
	// SkipNotInteger: the replacement is not an integer constant expression
	// (unknown identifiers, a syntax this package does not evaluate).
	SkipNotInteger
)

// String returns a short lower-case name of k.
func (k SkipKind) String() string {
	switch k {
	case SkipUndefined:
		return "undefined"
	case SkipEmpty:
		return "empty"
	case SkipString:
		return "string"
	case SkipFunctionLike:
		return "function-like"
	case SkipNotInteger:
		return "not an integer"
	}
	return "SkipKind(" + strconv.Itoa(int(k)) + ")"
}

// Skipped is a #define of the header that has no integer value.
type Skipped struct {
	// Name is the macro name.
	Name string
	// Line is the 1-based line of its first #define.
	Line int
	// Kind classifies the reason.
	Kind SkipKind
	// Reason is a human-readable explanation.
	Reason string
}

// Header is the result of [Parse].
type Header struct {
	// Defines are the integer object-like macros defined by the header (and
	// the errno names it guards with #ifndef), ordered by Line then Name.
	Defines []Define
	// Skipped are the other names that the header #defines, in the same
	// order.
	Skipped []Skipped
}

// Lookup returns the define called name.
func (h *Header) Lookup(name string) (Define, bool) {
	for _, d := range h.Defines {
		if d.Name == name {
			return d, true
		}
	}
	return Define{}, false
}

// Version returns the header's ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR and
// ZMQ_VERSION_PATCH; ok is false when one of them is missing.
func (h *Header) Version() (major, minor, patch int, ok bool) {
	var v [3]int
	for i, n := range []string{"ZMQ_VERSION_MAJOR", "ZMQ_VERSION_MINOR", "ZMQ_VERSION_PATCH"} {
		d, found := h.Lookup(n)
		if !found || d.Draft {
			return 0, 0, 0, false
		}
		v[i] = int(d.Value)
	}
	return v[0], v[1], v[2], true
}

// Parse reads a zmq.h and returns its integer macros. It fails on
// unbalanced conditionals, an active #error, an unterminated comment, a
// macro whose value differs with and without the draft API, and an errno name
// guarded by #ifndef that is not in [LinuxErrno] (so that no fallback value
// is ever taken for the OS one by mistake).
func Parse(r io.Reader) (*Header, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	lines, err := logicalLines(string(src))
	if err != nil {
		return nil, err
	}
	stable, err := run(lines, false)
	if err != nil {
		return nil, err
	}
	draft, err := run(lines, true)
	if err != nil {
		return nil, fmt.Errorf("with %s: %w", DraftMacro, err)
	}
	h := &Header{}
	for _, m := range stable.mentioned {
		s, d := stable.results[m.name], draft.results[m.name]
		switch {
		case s.ok:
			if d.ok && d.value != s.value {
				return nil, fmt.Errorf("line %d: %s is %d without %s and %d with it", m.line, m.name, s.value, DraftMacro, d.value)
			}
			h.Defines = append(h.Defines, Define{Name: m.name, Value: s.value, OS: s.os, Line: m.line})
		case d.ok:
			h.Defines = append(h.Defines, Define{Name: m.name, Value: d.value, Draft: true, OS: d.os, Line: m.line})
		default:
			res := s
			if res.kind == SkipUndefined {
				res = d
			}
			h.Skipped = append(h.Skipped, Skipped{Name: m.name, Line: m.line, Kind: res.kind, Reason: res.reason})
		}
	}
	return h, nil
}

// line is one logical source line (continuations joined, comments removed).
type line struct {
	num  int // physical line where it starts
	text string
}

// logicalLines splices backslash-newlines and replaces comments by a
// space, as C translation phases 2 and 3 do, and returns the resulting
// lines with the physical line each starts on.
func logicalLines(src string) ([]line, error) {
	var out []line
	var cur strings.Builder
	num, start := 1, 1
	const (
		code = iota
		blockComment
		lineComment
	)
	state := code
	var quote byte // inside a string or character literal when non-zero
	for i := 0; i < len(src); i++ {
		c := src[i]
		// Line splicing: a backslash at the end of a line (trailing blanks
		// and a CR tolerated) joins it with the next one.
		if c == '\\' {
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
				j++
			}
			if j < len(src) && src[j] == '\n' {
				num++
				i = j
				continue
			}
		}
		if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			continue
		}
		if c == '\n' {
			num++
			if state == blockComment {
				continue
			}
			out = append(out, line{num: start, text: cur.String()})
			cur.Reset()
			start = num
			state, quote = code, 0
			continue
		}
		switch state {
		case blockComment:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state = code
				cur.WriteByte(' ')
				i++
			}
		case lineComment:
			// Skipped up to the newline.
		default:
			switch {
			case quote != 0:
				cur.WriteByte(c)
				if c == '\\' && i+1 < len(src) && src[i+1] != '\n' {
					i++
					cur.WriteByte(src[i])
				} else if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
				cur.WriteByte(c)
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state = blockComment
				i++
			case c == '/' && i+1 < len(src) && src[i+1] == '/':
				state = lineComment
				cur.WriteByte(' ')
				i++
			default:
				cur.WriteByte(c)
			}
		}
	}
	if state == blockComment {
		return nil, fmt.Errorf("unterminated /* comment")
	}
	if cur.Len() > 0 {
		out = append(out, line{num: start, text: cur.String()})
	}
	return out, nil
}

// macro is a preprocessor macro.
type macro struct {
	funcLike bool
	params   []string
	body     []token
	os       bool // predefined errno name
}

type mention struct {
	name string
	line int
}

type result struct {
	ok     bool
	value  int64
	os     bool
	kind   SkipKind
	reason string
}

type runResult struct {
	mentioned []mention // every name that appears in a #define, by first line
	results   map[string]result
}

type cond struct {
	parentActive bool
	active       bool // this branch is being processed
	taken        bool // some branch of this #if was active
	seenElse     bool
	line         int
}

// run preprocesses the header with or without the draft macro and evaluates
// every #define'd name at the end.
func run(lines []line, withDraft bool) (*runResult, error) {
	env := map[string]*macro{}
	for n, v := range predefined {
		env[n] = &macro{body: tokenize(v)}
	}
	for n, v := range LinuxErrno {
		env[n] = &macro{body: tokenize(strconv.FormatInt(v, 10)), os: true}
	}
	if withDraft {
		env[DraftMacro] = &macro{body: tokenize("1")}
	}
	rr := &runResult{results: map[string]result{}}
	seen := map[string]bool{}
	var stack []cond
	active := func() bool { return len(stack) == 0 || stack[len(stack)-1].active }

	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if !strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimSpace(t[1:])
		name, rest := splitIdent(t)
		rest = strings.TrimSpace(rest)
		errf := func(format string, a ...any) error {
			return fmt.Errorf("line %d: #%s: %s", l.num, name, fmt.Sprintf(format, a...))
		}
		switch name {
		case "if", "ifdef", "ifndef":
			c := cond{parentActive: active(), line: l.num}
			if c.parentActive {
				var v bool
				switch name {
				case "if":
					x, err := evalCond(rest, env)
					if err != nil {
						return nil, errf("%v", err)
					}
					v = x
				default:
					id, tail := splitIdent(rest)
					if id == "" || strings.TrimSpace(tail) != "" {
						return nil, errf("want one identifier, got %q", rest)
					}
					_, defined := env[id]
					if name == "ifndef" && isErrnoName(id) && !defined {
						return nil, errf("errno name %s is guarded by #ifndef but has no Linux value in zmqheader.LinuxErrno", id)
					}
					v = defined == (name == "ifdef")
				}
				c.active, c.taken = v, v
			}
			stack = append(stack, c)
		case "elif":
			if len(stack) == 0 {
				return nil, errf("without #if")
			}
			c := &stack[len(stack)-1]
			if c.seenElse {
				return nil, errf("after #else")
			}
			c.active = false
			if c.parentActive && !c.taken {
				v, err := evalCond(rest, env)
				if err != nil {
					return nil, errf("%v", err)
				}
				c.active, c.taken = v, v
			}
		case "else":
			if len(stack) == 0 {
				return nil, errf("without #if")
			}
			c := &stack[len(stack)-1]
			if c.seenElse {
				return nil, errf("second #else")
			}
			c.seenElse = true
			c.active = c.parentActive && !c.taken
			c.taken = true
		case "endif":
			if len(stack) == 0 {
				return nil, errf("without #if")
			}
			stack = stack[:len(stack)-1]
		case "define":
			id, tail := splitIdent(rest)
			if id == "" {
				return nil, errf("no macro name in %q", rest)
			}
			if !seen[id] {
				seen[id] = true
				rr.mentioned = append(rr.mentioned, mention{name: id, line: l.num})
			}
			if !active() {
				continue
			}
			m := &macro{}
			if strings.HasPrefix(tail, "(") {
				end := strings.IndexByte(tail, ')')
				if end < 0 {
					return nil, errf("unterminated parameter list of %s", id)
				}
				m.funcLike = true
				for _, p := range strings.Split(tail[1:end], ",") {
					if p = strings.TrimSpace(p); p != "" {
						m.params = append(m.params, p)
					}
				}
				tail = tail[end+1:]
			}
			m.body = tokenize(tail)
			env[id] = m
		case "undef":
			if active() {
				id, _ := splitIdent(rest)
				delete(env, id)
			}
		case "error":
			if active() {
				return nil, errf("%s", rest)
			}
		case "", "include", "include_next", "pragma", "warning", "line", "ident", "import":
			// Nothing to do (an empty "#" is the null directive).
		default:
			if active() {
				return nil, errf("unknown directive")
			}
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("line %d: #if without #endif", stack[len(stack)-1].line)
	}
	for _, m := range rr.mentioned {
		rr.results[m.name] = evalMacro(m.name, env)
	}
	return rr, nil
}

func isErrnoName(s string) bool {
	if len(s) < 2 || s[0] != 'E' {
		return false
	}
	for _, c := range s[1:] {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// splitIdent splits a leading C identifier off s (after leading blanks).
func splitIdent(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := 0
	for i < len(s) && isIdentByte(s[i], i == 0) {
		i++
	}
	return s[:i], s[i:]
}

func isIdentByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

// evalMacro computes the integer value of the object-like macro name.
func evalMacro(name string, env map[string]*macro) result {
	m, ok := env[name]
	switch {
	case !ok:
		return result{kind: SkipUndefined, reason: "not defined at the end of the header on Linux"}
	case m.funcLike:
		return result{kind: SkipFunctionLike, reason: "function-like macro"}
	case len(m.body) == 0:
		return result{kind: SkipEmpty, reason: "empty macro"}
	}
	toks, err := expand([]token{{kind: tIdent, text: name}}, env, nil)
	if err != nil {
		return result{kind: SkipNotInteger, reason: err.Error()}
	}
	for _, t := range toks {
		if t.kind == tString {
			return result{kind: SkipString, reason: "string literal"}
		}
	}
	for _, t := range toks {
		if t.kind == tIdent {
			return result{kind: SkipNotInteger, reason: fmt.Sprintf("identifier %s is not an integer constant", t.text)}
		}
	}
	v, err := evalTokens(toks)
	if err != nil {
		return result{kind: SkipNotInteger, reason: err.Error()}
	}
	return result{ok: true, value: v, os: m.os}
}

// evalCond evaluates the expression of an #if or #elif.
func evalCond(expr string, env map[string]*macro) (bool, error) {
	toks := tokenize(expr)
	// Replace "defined X" and "defined(X)" before expansion.
	var out []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tIdent || t.text != "defined" {
			out = append(out, t)
			continue
		}
		var id string
		switch {
		case i+1 < len(toks) && toks[i+1].kind == tIdent:
			id = toks[i+1].text
			i++
		case i+3 < len(toks) && toks[i+1].text == "(" && toks[i+2].kind == tIdent && toks[i+3].text == ")":
			id = toks[i+2].text
			i += 3
		default:
			return false, fmt.Errorf("malformed defined in %q", expr)
		}
		v := "0"
		if _, ok := env[id]; ok {
			v = "1"
		}
		out = append(out, token{kind: tNumber, text: v})
	}
	toks, err := expand(out, env, nil)
	if err != nil {
		return false, err
	}
	for i, t := range toks {
		if t.kind == tIdent {
			toks[i] = token{kind: tNumber, text: "0"} // C: remaining identifiers are 0
		}
	}
	v, err := evalTokens(toks)
	if err != nil {
		return false, fmt.Errorf("%q: %w", expr, err)
	}
	return v != 0, nil
}

// expand replaces macros in toks; disabled are the macros being expanded
// (a macro is not expanded inside itself).
func expand(toks []token, env map[string]*macro, disabled []string) ([]token, error) {
	if len(disabled) > 100 {
		return nil, fmt.Errorf("macro expansion too deep")
	}
	var out []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		m, ok := env[t.text]
		if t.kind != tIdent || !ok || contains(disabled, t.text) {
			out = append(out, t)
			continue
		}
		inner := append(append([]string(nil), disabled...), t.text)
		if !m.funcLike {
			e, err := expand(m.body, env, inner)
			if err != nil {
				return nil, err
			}
			out = append(out, e...)
			continue
		}
		if i+1 >= len(toks) || toks[i+1].text != "(" {
			out = append(out, t) // a function-like name without arguments
			continue
		}
		args, next, err := collectArgs(toks, i+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.text, err)
		}
		if len(args) == 1 && len(args[0]) == 0 && len(m.params) == 0 {
			args = nil
		}
		if len(args) != len(m.params) {
			return nil, fmt.Errorf("%s takes %d arguments, got %d", t.text, len(m.params), len(args))
		}
		var body []token
		for _, bt := range m.body {
			if bt.text == "#" || bt.text == "##" {
				return nil, fmt.Errorf("%s: the # and ## operators are not supported", t.text)
			}
			idx := -1
			if bt.kind == tIdent {
				for k, p := range m.params {
					if p == bt.text {
						idx = k
					}
				}
			}
			if idx < 0 {
				body = append(body, bt)
				continue
			}
			a, err := expand(args[idx], env, disabled)
			if err != nil {
				return nil, err
			}
			body = append(body, a...)
		}
		e, err := expand(body, env, inner)
		if err != nil {
			return nil, err
		}
		out = append(out, e...)
		i = next
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// collectArgs reads a parenthesized argument list starting at toks[open]
// ("("); it returns the arguments and the index of the closing ")".
func collectArgs(toks []token, open int) ([][]token, int, error) {
	depth := 0
	var args [][]token
	var cur []token
	for i := open; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.text == "(":
			depth++
			if depth == 1 {
				continue
			}
		case t.text == ")":
			depth--
			if depth == 0 {
				return append(args, cur), i, nil
			}
		case t.text == "," && depth == 1:
			args = append(args, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	return nil, 0, fmt.Errorf("unterminated argument list")
}

type tokKind int

const (
	tIdent tokKind = iota + 1
	tNumber
	tString
	tChar
	tPunct
)

type token struct {
	kind tokKind
	text string
}

var puncts = []string{"<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "##"}

// tokenize splits a directive's text into preprocessing tokens.
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r':
			i++
		case isIdentByte(c, true):
			j := i + 1
			for j < len(s) && isIdentByte(s[j], false) {
				j++
			}
			out = append(out, token{kind: tIdent, text: s[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && (isIdentByte(s[j], false) || s[j] == '.') {
				j++
			}
			out = append(out, token{kind: tNumber, text: s[i:j]})
			i = j
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(s) {
				j++
			} else {
				j = len(s)
			}
			k := tString
			if c == '\'' {
				k = tChar
			}
			out = append(out, token{kind: k, text: s[i:j]})
			i = j
		default:
			n := 1
			for _, p := range puncts {
				if strings.HasPrefix(s[i:], p) {
					n = len(p)
					break
				}
			}
			out = append(out, token{kind: tPunct, text: s[i : i+n]})
			i += n
		}
	}
	return out
}

// evalTokens evaluates a C integer constant expression (64-bit signed).
func evalTokens(toks []token) (int64, error) {
	if len(toks) == 0 {
		return 0, fmt.Errorf("empty expression")
	}
	p := &parser{toks: toks}
	v, err := p.ternary()
	if err != nil {
		return 0, err
	}
	if p.pos != len(p.toks) {
		return 0, fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	return v, nil
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos].text
	}
	return ""
}

func (p *parser) ternary() (int64, error) {
	c, err := p.binary(0)
	if err != nil {
		return 0, err
	}
	if p.peek() != "?" {
		return c, nil
	}
	p.pos++
	a, err := p.ternary()
	if err != nil {
		return 0, err
	}
	if p.peek() != ":" {
		return 0, fmt.Errorf("missing ':' in a '?:' expression")
	}
	p.pos++
	b, err := p.ternary()
	if err != nil {
		return 0, err
	}
	if c != 0 {
		return a, nil
	}
	return b, nil
}

// binaryPrec is the C precedence of the binary operators (higher binds
// tighter).
var binaryPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
	"==": 6, "!=": 6,
	"<": 7, "<=": 7, ">": 7, ">=": 7,
	"<<": 8, ">>": 8,
	"+": 9, "-": 9,
	"*": 10, "/": 10, "%": 10,
}

func (p *parser) binary(minPrec int) (int64, error) {
	lhs, err := p.unary()
	if err != nil {
		return 0, err
	}
	for {
		op := p.peek()
		prec, ok := binaryPrec[op]
		if !ok || p.toks[p.pos].kind != tPunct || prec <= minPrec {
			return lhs, nil
		}
		p.pos++
		rhs, err := p.binary(prec)
		if err != nil {
			return 0, err
		}
		lhs, err = apply(op, lhs, rhs)
		if err != nil {
			return 0, err
		}
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func apply(op string, a, b int64) (int64, error) {
	switch op {
	case "||":
		return b2i(a != 0 || b != 0), nil
	case "&&":
		return b2i(a != 0 && b != 0), nil
	case "|":
		return a | b, nil
	case "^":
		return a ^ b, nil
	case "&":
		return a & b, nil
	case "==":
		return b2i(a == b), nil
	case "!=":
		return b2i(a != b), nil
	case "<":
		return b2i(a < b), nil
	case "<=":
		return b2i(a <= b), nil
	case ">":
		return b2i(a > b), nil
	case ">=":
		return b2i(a >= b), nil
	case "<<":
		if b < 0 || b > 63 {
			return 0, fmt.Errorf("shift by %d", b)
		}
		return a << uint(b), nil
	case ">>":
		if b < 0 || b > 63 {
			return 0, fmt.Errorf("shift by %d", b)
		}
		return a >> uint(b), nil
	case "+":
		return a + b, nil
	case "-":
		return a - b, nil
	case "*":
		return a * b, nil
	case "/", "%":
		if b == 0 {
			return 0, fmt.Errorf("division by zero")
		}
		if op == "/" {
			return a / b, nil
		}
		return a % b, nil
	}
	return 0, fmt.Errorf("unknown operator %q", op)
}

func (p *parser) unary() (int64, error) {
	if p.pos >= len(p.toks) {
		return 0, fmt.Errorf("unexpected end of expression")
	}
	t := p.toks[p.pos]
	switch {
	case t.kind == tPunct && (t.text == "-" || t.text == "+" || t.text == "!" || t.text == "~"):
		p.pos++
		v, err := p.unary()
		if err != nil {
			return 0, err
		}
		switch t.text {
		case "-":
			return -v, nil
		case "+":
			return v, nil
		case "!":
			return b2i(v == 0), nil
		default:
			return ^v, nil
		}
	case t.kind == tPunct && t.text == "(":
		p.pos++
		v, err := p.ternary()
		if err != nil {
			return 0, err
		}
		if p.peek() != ")" {
			return 0, fmt.Errorf("missing )")
		}
		p.pos++
		return v, nil
	case t.kind == tNumber:
		p.pos++
		return parseInt(t.text)
	case t.kind == tChar:
		p.pos++
		return parseChar(t.text)
	}
	return 0, fmt.Errorf("unexpected %q", t.text)
}

// parseInt parses a C integer literal (decimal, 0x hex, 0 octal, 0b binary,
// with u/l suffixes).
func parseInt(s string) (int64, error) {
	lit := strings.TrimRight(s, "uUlL")
	if lit == "" || strings.ContainsAny(lit, ".eEpP") && !strings.HasPrefix(strings.ToLower(lit), "0x") {
		return 0, fmt.Errorf("not an integer literal: %s", s)
	}
	var u uint64
	var err error
	switch l := strings.ToLower(lit); {
	case strings.HasPrefix(l, "0x"):
		u, err = strconv.ParseUint(l[2:], 16, 64)
	case strings.HasPrefix(l, "0b"):
		u, err = strconv.ParseUint(l[2:], 2, 64)
	case len(l) > 1 && l[0] == '0':
		u, err = strconv.ParseUint(l[1:], 8, 64)
	default:
		u, err = strconv.ParseUint(l, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("not an integer literal: %s", s)
	}
	if u > 1<<63-1 {
		return 0, fmt.Errorf("integer literal %s does not fit in int64", s)
	}
	return int64(u), nil
}

func parseChar(s string) (int64, error) {
	if len(s) < 3 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return 0, fmt.Errorf("bad character literal %s", s)
	}
	v, _, tail, err := strconv.UnquoteChar(s[1:len(s)-1], '\'')
	if err != nil || tail != "" {
		return 0, fmt.Errorf("bad character literal %s", s)
	}
	return int64(v), nil
}
