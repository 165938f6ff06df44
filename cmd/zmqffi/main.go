// Command zmqffi inspects the libzmq libraries zmqffi can load on this host.
//
//	zmqffi doctor [--json] [soname-or-path ...]
//	zmqffi version [--soname name] [--json]
//	zmqffi help
//
// "doctor" lists every libzmq the dynamic linker could find (or the libraries
// named), loading each one: its path, its ELF soname, the version it
// reports, whether it has CURVE, the optional features zmq_has (or, before
// libzmq 4.1, a probe) reports, and which one a context without WithSoname
// loads. "version" loads one library, as zmqffi.WithSoname would, and prints
// its version and path.
//
// Output is an aligned table, or JSON with --json. The exit status is 0 on
// success, 1 when no library was found or one could not be loaded, and 2 for
// a usage error.
//
// Install it with
//
//	go install github.com/zmqffi/zmqffi/cmd/zmqffi@latest
package main

import (
	"debug/elf"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/loader"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usage = `usage: zmqffi <command> [arguments]

commands:
  doctor [--json] [soname-or-path ...]
        list every libzmq found on this host (or the ones named) with its path,
        soname, version, CURVE support and capabilities
  version [--soname name] [--json]
        load one libzmq (default: the one a context without WithSoname loads)
        and print its version and path
  help  print this text

Exit status: 0 success, 1 no library found or a library failed to load,
2 usage error.
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "doctor":
		return doctor(args[1:], stdout, stderr)
	case "version":
		return version(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "zmqffi: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// Report is what doctor tells about one library (the --json objects).
type Report struct {
	Path         string          `json:"path"`
	Soname       string          `json:"soname,omitempty"`
	Version      string          `json:"version,omitempty"`
	Default      bool            `json:"default"`
	Curve        bool            `json:"curve"`
	Capabilities map[string]bool `json:"capabilities,omitempty"`
	Error        string          `json:"error,omitempty"`
}

func doctor(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zmqffi doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	libs := fs.Args()
	if len(libs) == 0 {
		libs = loader.Installed()
		if len(libs) == 0 {
			fmt.Fprintf(stderr, "zmqffi doctor: no libzmq found on this host (searched for %s the way the dynamic linker does)\n",
				strings.Join(loader.DefaultNames(), ", "))
			return exitFail
		}
	}
	def := defaultLibrary()
	reports := make([]Report, 0, len(libs))
	status := exitOK
	for _, lib := range libs {
		r := inspect(lib)
		r.Default = r.Path == def
		if r.Error != "" {
			status = exitFail
		}
		reports = append(reports, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintln(stderr, "zmqffi doctor:", err)
			return exitFail
		}
	} else {
		writeTable(stdout, reports)
	}
	for _, r := range reports {
		if r.Error != "" {
			fmt.Fprintf(stderr, "zmqffi doctor: %s: %s\n", r.Path, r.Error)
		}
	}
	return status
}

// defaultLibrary is the file a context without WithSoname loads, or "".
func defaultLibrary() string {
	if p, _, err := loader.ResolveDefault(); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return real
		}
	}
	return ""
}

// inspect loads one library and asks it what it is.
func inspect(lib string) Report {
	r := Report{Path: lib}
	if p, _, err := loader.Resolve(lib); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			r.Path = real
		}
	}
	r.Soname = soname(r.Path)
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(lib))
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer ctx.Term()
	r.Path = ctx.LibraryPath()
	r.Version = ctx.Version().String()
	r.Capabilities = map[string]bool{}
	for _, c := range zmqffi.Capabilities() {
		has, err := ctx.Has(c)
		if err != nil {
			r.Error = fmt.Sprintf("Has(%q): %v", c, err)
			return r
		}
		r.Capabilities[c] = has
	}
	r.Curve = r.Capabilities["curve"]
	return r
}

// soname reads the DT_SONAME of an ELF shared library, or "" when the file
// is not ELF or has none.
func soname(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	names, err := f.DynString(elf.DT_SONAME)
	if err != nil || len(names) == 0 {
		return ""
	}
	return names[0]
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeTable(w io.Writer, reports []Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PATH\tSONAME\tVERSION\tCURVE\tDEFAULT\tCAPABILITIES")
	for _, r := range reports {
		curve, def, caps := "-", "", "-"
		if r.Error == "" {
			curve = "no"
			if r.Curve {
				curve = "yes"
			}
			var have []string
			for _, c := range zmqffi.Capabilities() {
				if r.Capabilities[c] {
					have = append(have, c)
				}
			}
			caps = orDash(strings.Join(have, ","))
		}
		if r.Default {
			def = "yes"
		}
		version := r.Version
		if r.Error != "" {
			version = "error"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Path, orDash(r.Soname), orDash(version), curve, orDash(def), caps)
	}
	_ = tw.Flush()
}

func version(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zmqffi version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zmqffi version: unexpected argument %q (name the library with --soname)\n", fs.Arg(0))
		return exitUsage
	}
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(*name))
	if err != nil {
		fmt.Fprintln(stderr, "zmqffi version:", err)
		return exitFail
	}
	v, path := ctx.Version().String(), ctx.LibraryPath()
	if err := ctx.Term(); err != nil {
		fmt.Fprintln(stderr, "zmqffi version:", err)
		return exitFail
	}
	if *asJSON {
		err = json.NewEncoder(stdout).Encode(struct {
			Version string `json:"version"`
			Path    string `json:"path"`
			Soname  string `json:"soname,omitempty"`
		}{v, path, soname(path)})
	} else {
		_, err = fmt.Fprintf(stdout, "%s %s\n", v, path)
	}
	if err != nil {
		fmt.Fprintln(stderr, "zmqffi version:", err)
		return exitFail
	}
	return exitOK
}
