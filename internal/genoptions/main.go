// Command genoptions writes the root package's options_gen.go: a typed
// setter and getter on Socket for every socket option of every libzmq
// release that package constants has a table for, typed Context methods for
// the context options, and the tables behind Socket.SetOption,
// Socket.Option, Context.SetOption and Context.Option.
//
// Its inputs are options.txt (beside this file: each option's Go name, Go
// value type, per-version quirks and a line of documentation) and the
// constants tables (each release's numbers, C types, access and draft
// status). It refuses to run when an option of a table is missing from
// options.txt or an entry names no option of any table, so a new release's
// options are never left out or typed by guesswork. Run it with
// `go generate` in the module root.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/zmqffi/zmqffi/constants"
)

func main() {
	specPath := flag.String("spec", "internal/genoptions/options.txt", "the option specification")
	out := flag.String("o", "options_gen.go", "the file to write")
	flag.Parse()
	src, err := generateFile(*specPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genoptions:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genoptions:", err)
		os.Exit(1)
	}
}

// generateFile reads the specification at path and returns the gofmt'ed
// source of options_gen.go.
func generateFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sp, err := parseSpec(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return generate(sp, constants.Tables())
}

// entry is one line of options.txt.
type entry struct {
	line        int
	name        string // without ZMQ_
	goName      string
	kind        string
	access      constants.Access // context options only
	hand        [2]string        // hand-written setter and getter ("-": none)
	getNoErr    bool
	same        []string
	deprecated  string
	units       []unitRule
	needs       string
	zeroDefault []string
	getFrom     string // a constants.Version literal
	doc         string
}

type unitRule struct{ selector, unit string }

type spec struct {
	socket, context []*entry
}

// goTypes maps a KIND to its Go type.
var goTypes = map[string]string{
	"bool": "bool", "int": "int", "int64": "int64", "uint64": "uint64", "dur": "time.Duration",
	"string": "string", "bytes": "[]byte", "key": "string", "events": "PollEvent", "fd": "int",
	"mechanism": "Mechanism", "socktype": "SocketType",
}

// handOnly are the kinds only hand-written methods have.
var handOnly = map[string]bool{"key": true, "events": true, "fd": true, "mechanism": true, "socktype": true}

// compatible says which C types (constants.ValueType) a KIND can carry.
var compatible = map[string][]constants.ValueType{
	"bool":      {constants.TypeInt, constants.TypeInt64},
	"int":       {constants.TypeInt, constants.TypeInt64, constants.TypeUint64, constants.TypeUint32},
	"int64":     {constants.TypeInt64, constants.TypeInt},
	"uint64":    {constants.TypeUint64},
	"dur":       {constants.TypeInt, constants.TypeInt64},
	"string":    {constants.TypeString, constants.TypeBytes},
	"bytes":     {constants.TypeBytes, constants.TypeString},
	"key":       {constants.TypeKey},
	"events":    {constants.TypeInt, constants.TypeUint32},
	"fd":        {constants.TypeFD},
	"mechanism": {constants.TypeInt},
	"socktype":  {constants.TypeInt},
}

func parseSpec(r io.Reader) (*spec, error) {
	sp := &spec{}
	var section *[]*entry
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch line {
		case "[socket]":
			section = &sp.socket
			continue
		case "[context]":
			section = &sp.context
			continue
		}
		if section == nil {
			return nil, fmt.Errorf("line %d: an option before [socket] or [context]", n)
		}
		head, doc, ok := strings.Cut(line, "|")
		doc = strings.TrimSpace(doc)
		if !ok || doc == "" {
			return nil, fmt.Errorf("line %d: no documentation after |", n)
		}
		fields := strings.Fields(head)
		min := 3
		if section == &sp.context {
			min = 4
		}
		if len(fields) < min {
			return nil, fmt.Errorf("line %d: want NAME GONAME KIND%s", n, map[bool]string{true: " ACCESS"}[min == 4])
		}
		e := &entry{line: n, name: fields[0], goName: fields[1], kind: fields[2], doc: doc, hand: [2]string{"", ""}}
		if _, ok := goTypes[e.kind]; !ok {
			return nil, fmt.Errorf("line %d: %s: unknown kind %q", n, e.name, e.kind)
		}
		flags := fields[3:]
		if section == &sp.context {
			switch fields[3] {
			case "rw":
				e.access = constants.ReadWrite
			case "ro":
				e.access = constants.Read
			case "wo":
				e.access = constants.Write
			default:
				return nil, fmt.Errorf("line %d: %s: access %q is not rw, ro or wo", n, e.name, fields[3])
			}
			if e.kind != "int" && e.kind != "bool" {
				return nil, fmt.Errorf("line %d: %s: a context option is int or bool", n, e.name)
			}
			flags = fields[4:]
		}
		for _, fl := range flags {
			if err := e.setFlag(fl); err != nil {
				return nil, fmt.Errorf("line %d: %s: %w", n, e.name, err)
			}
		}
		if handOnly[e.kind] && e.hand[0] == "" {
			return nil, fmt.Errorf("line %d: %s: kind %s needs hand-written methods (hand=)", n, e.name, e.kind)
		}
		*section = append(*section, e)
	}
	return sp, sc.Err()
}

func (e *entry) setFlag(fl string) error {
	if fl == "getnoerr" {
		e.getNoErr = true
		return nil
	}
	k, v, ok := strings.Cut(fl, "=")
	if !ok || v == "" {
		return fmt.Errorf("flag %q is not KEY=VALUE", fl)
	}
	switch k {
	case "hand":
		set, get, ok := strings.Cut(v, ",")
		if !ok {
			return fmt.Errorf("hand=%s: want SETTER,GETTER", v)
		}
		e.hand = [2]string{set, get}
	case "same":
		e.same = strings.Split(v, ",")
	case "deprecated":
		e.deprecated = v
	case "unit":
		u, sel, ok := strings.Cut(v, "@")
		if !ok || (u != "s" && u != "ms") {
			return fmt.Errorf("unit=%s: want s@SELECTOR or ms@SELECTOR", v)
		}
		e.units = append(e.units, unitRule{selector: sel, unit: u})
	case "needs":
		e.needs = v
	case "zerodefault":
		e.zeroDefault = strings.Split(v, ",")
	case "getfrom":
		var maj, min, pat int
		if n, _ := fmt.Sscanf(v, "%d.%d.%d", &maj, &min, &pat); n != 3 {
			return fmt.Errorf("getfrom=%s: want a release, 4.3.0", v)
		}
		e.getFrom = fmt.Sprintf("constants.Version{Major: %d, Minor: %d, Patch: %d}", maj, min, pat)
	default:
		return fmt.Errorf("unknown flag %q", k)
	}
	return nil
}

// presence is what the tables say of one option.
type presence struct {
	versions []string // releases that have it, oldest first ("4.3.5", "4.3.5 draft")
	first    constants.Version
	firstSet bool
	stable   bool // some release has it outside the draft API
	allDraft bool
	last     constants.Version
	read     bool
	write    bool
}

// socketPresence says which releases have the option name, or one of its
// other names (same; "A+B" when both are there), as the binding serves it.
func socketPresence(tables []*constants.Table, name string, same []string) presence {
	var p presence
	p.allDraft = true
	for _, t := range tables {
		for _, group := range append([]string{name}, same...) {
			var opts []constants.Option
			for _, n := range strings.Split(group, "+") {
				if o, ok := t.Options["ZMQ_"+n]; ok {
					opts = append(opts, o)
				}
			}
			if len(opts) == 0 || len(opts) != strings.Count(group, "+")+1 {
				continue
			}
			draft := false
			for _, o := range opts {
				draft = draft || o.Draft
				p.write = p.write || o.Access&constants.Write != 0
			}
			p.note(t.Version, draft)
			p.read = p.read || opts[0].Access&constants.Read != 0
			break
		}
	}
	return p
}

func contextPresence(tables []*constants.Table, name string) presence {
	var p presence
	p.allDraft = true
	for _, t := range tables {
		if _, ok := t.Constants["ZMQ_"+name]; ok {
			p.note(t.Version, false)
		} else if _, ok := t.DraftConstants["ZMQ_"+name]; ok {
			p.note(t.Version, true)
		}
	}
	return p
}

func (p *presence) note(v constants.Version, draft bool) {
	if !p.firstSet {
		p.first, p.firstSet = v, true
	}
	p.last = v
	if draft {
		p.versions = append(p.versions, v.String()+" draft")
	} else {
		p.versions = append(p.versions, v.String())
		p.stable = true
		p.allDraft = false
	}
}

// since describes the releases that have the option, for the docs:
// "libzmq 4.2+", "libzmq 2.2 only", "libzmq 4.3+, draft API",
// "libzmq 4.2+; draft API before 4.3.4".
func (p presence) since(newest constants.Version) string {
	if !p.firstSet {
		return ""
	}
	from := fmt.Sprintf("libzmq %d.%d+", p.first.Major, p.first.Minor)
	if p.last != newest {
		if p.first.Major == p.last.Major && p.first.Minor == p.last.Minor {
			from = fmt.Sprintf("libzmq %d.%d only", p.first.Major, p.first.Minor)
		} else {
			from = fmt.Sprintf("libzmq %d.%d to %d.%d", p.first.Major, p.first.Minor, p.last.Major, p.last.Minor)
		}
	}
	if p.allDraft {
		return from + ", draft API"
	}
	if strings.HasSuffix(p.versions[0], " draft") {
		return from + "; draft API before " + firstStable(p.versions)
	}
	return from
}

func firstStable(vs []string) string {
	for _, v := range vs {
		if !strings.HasSuffix(v, " draft") {
			return v
		}
	}
	return ""
}

// docLink is the libzmq page documenting the option in the newest release
// that has it.
func docLink(p presence, fn string) string {
	if p.last.Major == 2 {
		return "http://api.zeromq.org/2-2:zmq-" + strings.ReplaceAll(fn, "_", "-")
	}
	if p.last.Major == 3 {
		return "http://api.zeromq.org/3-2:zmq-" + strings.ReplaceAll(fn, "_", "-")
	}
	return "https://libzmq.readthedocs.io/en/latest/zmq_" + fn + ".html"
}

func check(sp *spec, tables []*constants.Table) error {
	var errs []string
	listed := map[string]*entry{}
	goNames := map[string]string{}
	for _, e := range sp.socket {
		if listed[e.name] != nil {
			errs = append(errs, fmt.Sprintf("line %d: %s listed twice", e.line, e.name))
		}
		listed[e.name] = e
		for _, m := range e.methods() {
			if prev, ok := goNames[m]; ok {
				errs = append(errs, fmt.Sprintf("line %d: method %s of %s is also %s's", e.line, m, e.name, prev))
			}
			goNames[m] = e.name
		}
		p := socketPresence(tables, e.name, nil)
		if !p.firstSet {
			errs = append(errs, fmt.Sprintf("line %d: %s is in no table (a typo?)", e.line, e.name))
			continue
		}
		for _, t := range tables {
			o, ok := t.Options["ZMQ_"+e.name]
			if ok && !typeOK(e.kind, o.Type) {
				errs = append(errs, fmt.Sprintf("line %d: %s is %s in %s, which kind %s cannot carry", e.line, e.name, o.Type, t.Version, e.kind))
			}
		}
	}
	for _, e := range sp.socket {
		for _, s := range append(append([]string(nil), e.same...), e.deprecated) {
			for _, part := range strings.Split(s, "+") {
				if part != "" && listed[part] == nil && part != "STREAM" {
					errs = append(errs, fmt.Sprintf("line %d: %s names %s, which is not listed", e.line, e.name, part))
				}
			}
		}
	}
	for _, t := range tables {
		for name := range t.Options {
			if n := strings.TrimPrefix(name, "ZMQ_"); listed[n] == nil {
				errs = append(errs, fmt.Sprintf("%s (libzmq %s) is not in the specification", name, t.Version))
			}
		}
	}
	ctxNames := map[string]bool{}
	for _, e := range sp.context {
		if ctxNames[e.name] {
			errs = append(errs, fmt.Sprintf("line %d: context option %s listed twice", e.line, e.name))
		}
		ctxNames[e.name] = true
		if !contextPresence(tables, e.name).firstSet {
			errs = append(errs, fmt.Sprintf("line %d: context option %s is in no table", e.line, e.name))
		}
	}
	sort.Strings(errs)
	errs = dedup(errs)
	if len(errs) > 0 {
		return fmt.Errorf("the specification disagrees with the tables:\n\t%s", strings.Join(errs, "\n\t"))
	}
	return nil
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func typeOK(kind string, t constants.ValueType) bool {
	for _, c := range compatible[kind] {
		if c == t {
			return true
		}
	}
	return false
}

// methods returns the names of the methods the entry generates.
func (e *entry) methods() []string {
	if e.hand[0] != "" {
		return nil
	}
	return []string{"Set" + e.goName, e.goName}
}

// setterName and getterName are the methods the by-name table calls ("" for
// none).
func (e *entry) setterName(p presence) string {
	if e.hand[0] != "" {
		return strings.TrimPrefix(e.hand[0], "-")
	}
	if !p.write {
		return ""
	}
	return "Set" + e.goName
}

func (e *entry) getterName(p presence) string {
	if e.hand[0] != "" {
		return strings.TrimPrefix(e.hand[1], "-")
	}
	if !p.read {
		return ""
	}
	return e.goName
}

func generate(sp *spec, tables []*constants.Table) ([]byte, error) {
	if err := check(sp, tables); err != nil {
		return nil, err
	}
	newest := tables[len(tables)-1].Version
	var b bytes.Buffer
	b.WriteString(`// Code generated by internal/genoptions from internal/genoptions/options.txt and the tables of package constants; DO NOT EDIT.

package zmqffi

import (
	"time"

	"github.com/zmqffi/zmqffi/constants"
)

`)
	goNameOf := map[string]string{}
	for _, e := range sp.socket {
		goNameOf[e.name] = e.goName
	}
	b.WriteString("// The socket options, one descriptor each.\nvar (\n")
	for _, e := range sp.socket {
		fmt.Fprintf(&b, "\tsockopt%s = sockopt{name: %q, kind: kind%s", e.goName, e.name, kindIdent(e.kind))
		if len(e.same) > 0 {
			fmt.Fprintf(&b, ", same: %#v", e.same)
		}
		if len(e.units) > 0 {
			b.WriteString(", units: []unitRule{")
			for _, u := range e.units {
				fmt.Fprintf(&b, "{%q, %s}, ", u.selector, map[string]string{"s": "time.Second", "ms": "time.Millisecond"}[u.unit])
			}
			b.WriteString("}")
		}
		if e.needs != "" {
			fmt.Fprintf(&b, ", needs: %q", e.needs)
		}
		if len(e.zeroDefault) > 0 {
			fmt.Fprintf(&b, ", zeroDefault: %#v", e.zeroDefault)
		}
		if e.getFrom != "" {
			fmt.Fprintf(&b, ", getFrom: %s", e.getFrom)
		}
		b.WriteString("}\n")
	}
	b.WriteString(")\n\n")

	for _, e := range sp.socket {
		if e.hand[0] != "" {
			continue
		}
		// The docs link the page of the newest release with the option's
		// own name.
		writeSocketMethods(&b, e, socketPresence(tables, e.name, e.same), socketPresence(tables, e.name, nil), newest, goNameOf)
	}

	b.WriteString("// socketOptions serves Socket.SetOption and Socket.Option, by libzmq name.\nvar socketOptions = map[string]*byName{\n")
	for _, e := range sp.socket {
		p := socketPresence(tables, e.name, e.same)
		fmt.Fprintf(&b, "\t%q: {opt: &sockopt%s", e.name, e.goName)
		if m := e.setterName(p); m != "" {
			fmt.Fprintf(&b, ", set: setVia((*Socket).%s)", m)
		}
		if m := e.getterName(p); m != "" {
			if e.getNoErr {
				fmt.Fprintf(&b, ", get: getNoErrVia((*Socket).%s)", m)
			} else {
				fmt.Fprintf(&b, ", get: getVia((*Socket).%s)", m)
			}
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")

	b.WriteString("// The context options, one descriptor each.\nvar (\n")
	for _, e := range sp.context {
		fmt.Fprintf(&b, "\tctxopt%s = ctxopt{name: %q, kind: kind%s, access: constants.%s", e.goName, e.name, kindIdent(e.kind), map[constants.Access]string{constants.Read: "Read", constants.Write: "Write", constants.ReadWrite: "ReadWrite"}[e.access])
		if e.getFrom != "" {
			fmt.Fprintf(&b, ", getFrom: %s", e.getFrom)
		}
		b.WriteString("}\n")
	}
	b.WriteString(")\n\n")
	for _, e := range sp.context {
		writeContextMethods(&b, e, contextPresence(tables, e.name), newest)
	}
	b.WriteString("// contextOptions serves Context.SetOption and Context.Option, by libzmq name.\nvar contextOptions = map[string]*ctxopt{\n")
	for _, e := range sp.context {
		fmt.Fprintf(&b, "\t%q: &ctxopt%s,\n", e.name, e.goName)
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gofmt of the output: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

func kindIdent(k string) string {
	switch k {
	case "int64":
		return "Int64"
	case "uint64":
		return "Uint64"
	case "socktype":
		return "SocketType"
	}
	return strings.ToUpper(k[:1]) + k[1:]
}

// docLine is the shared part of a method's doc: what the option does, the
// releases that have it, the capability it needs.
func docLine(e *entry, p presence, newest constants.Version) string {
	s := e.doc
	if v := p.since(newest); v != "" {
		s += " (" + v
		if e.needs != "" {
			s += "; builds with " + e.needs
		}
		s += ")"
	}
	return s + "."
}

func writeSocketMethods(b *bytes.Buffer, e *entry, p, own presence, newest constants.Version, goNameOf map[string]string) {
	line := docLine(e, p, newest)
	typ := goTypes[e.kind]
	ref := "&sockopt" + e.goName
	deprecated := func(prefix string) {
		if e.deprecated == "" {
			return
		}
		if e.deprecated == "STREAM" {
			fmt.Fprintf(b, "//\n// Deprecated: use a STREAM socket.\n")
			return
		}
		fmt.Fprintf(b, "//\n// Deprecated: use %s%s.\n", prefix, goNameOf[e.deprecated])
	}
	body := socketBodies[e.kind]
	if p.write {
		fmt.Fprintf(b, "// Set%s sets ZMQ_%s: %s\n//\n// %s (ZMQ_%s)\n", e.goName, e.name, line, docLink(own, "setsockopt"), e.name)
		deprecated("Set")
		fmt.Fprintf(b, "func (s *Socket) Set%s(v %s) error { "+body[0]+" }\n\n", e.goName, typ, ref)
	}
	if p.read {
		fmt.Fprintf(b, "// %s returns ZMQ_%s: %s\n//\n// %s (ZMQ_%s)\n", e.goName, e.name, line, docLink(own, "getsockopt"), e.name)
		deprecated("")
		fmt.Fprintf(b, "func (s *Socket) %s() (%s, error) { "+body[1]+" }\n\n", e.goName, typ, ref)
	}
}

// socketBodies are the generated socket methods' bodies by kind, setter and
// getter; %[3]s is the option's descriptor.
var socketBodies = map[string][2]string{
	"bool":   {"return s.setIntOpt(%[3]s, boolInt(v))", "v, err := s.intOpt(%[3]s); return v != 0, err"},
	"int":    {"return s.setIntOpt(%[3]s, int64(v))", "v, err := s.intOpt(%[3]s); return int(v), err"},
	"int64":  {"return s.setIntOpt(%[3]s, v)", "return s.intOpt(%[3]s)"},
	"uint64": {"return s.setUintOpt(%[3]s, v)", "return s.uintOpt(%[3]s)"},
	"dur":    {"return s.setDurOpt(%[3]s, v)", "return s.durOpt(%[3]s)"},
	"string": {"return s.setBytesOpt(%[3]s, []byte(v))", "v, err := s.bytesOpt(%[3]s); return string(v), err"},
	"bytes":  {"return s.setBytesOpt(%[3]s, v)", "return s.bytesOpt(%[3]s)"},
}

func writeContextMethods(b *bytes.Buffer, e *entry, p presence, newest constants.Version) {
	line := docLine(e, p, newest)
	typ := goTypes[e.kind]
	ref := "&ctxopt" + e.goName
	if e.access&constants.Write != 0 {
		fmt.Fprintf(b, "// Set%s sets the context option ZMQ_%s: %s\n//\n// %s (ZMQ_%s)\n", e.goName, e.name, line, docLink(p, "ctx_set"), e.name)
		fmt.Fprintf(b, "func (c *Context) Set%s(v %s) error { ", e.goName, typ)
		if e.kind == "bool" {
			fmt.Fprintf(b, "return c.setOpt(%s, int(boolInt(v)))", ref)
		} else {
			fmt.Fprintf(b, "return c.setOpt(%s, v)", ref)
		}
		b.WriteString(" }\n\n")
	}
	if e.access&constants.Read != 0 {
		fmt.Fprintf(b, "// %s returns the context option ZMQ_%s: %s\n//\n// %s (ZMQ_%s)\n", e.goName, e.name, line, docLink(p, "ctx_get"), e.name)
		fmt.Fprintf(b, "func (c *Context) %s() (%s, error) { ", e.goName, typ)
		if e.kind == "bool" {
			fmt.Fprintf(b, "v, err := c.opt(%s); return v != 0, err", ref)
		} else {
			fmt.Fprintf(b, "return c.opt(%s)", ref)
		}
		b.WriteString(" }\n\n")
	}
}
