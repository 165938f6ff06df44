package loader

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// dllName is what the name of a libzmq DLL says. libzmq's CMake names its
// MSVC builds lib<name>-v<toolset>-mt[-s][-gd]-<major>_<minor>_<patch>.dll
// (vcpkg keeps that, without the toolset), MinGW builds libzmq.dll or
// libzmq-mt-<version>.dll.
type dllName struct {
	name    string
	toolset int    // 143 for v143; 0 when absent
	version [3]int // 0.0.0 when absent
	debug   bool   // -gd, -sgd: linked to the debug C runtime
}

// parseDLLName parses the file name of a libzmq DLL, or reports that base is
// not one (a different library that starts with libzmq, or not a DLL).
func parseDLLName(base string) (dllName, bool) {
	d := dllName{name: base}
	lower := strings.ToLower(base)
	stem, ok := strings.CutSuffix(lower, ".dll")
	if !ok {
		return d, false
	}
	rest, ok := strings.CutPrefix(stem, "libzmq")
	if !ok {
		return d, false
	}
	if rest == "" {
		return d, true
	}
	rest, ok = strings.CutPrefix(rest, "-")
	if !ok {
		return d, false
	}
	for _, tok := range strings.Split(rest, "-") {
		switch {
		case tok == "mt" || tok == "s":
		case tok == "gd" || tok == "sgd":
			d.debug = true
		case len(tok) > 1 && tok[0] == 'v' && isDigits(tok[1:]):
			d.toolset, _ = strconv.Atoi(tok[1:])
		case strings.Count(tok, "_") == 2:
			for i, part := range strings.Split(tok, "_") {
				if !isDigits(part) {
					return d, false
				}
				d.version[i], _ = strconv.Atoi(part)
			}
		default:
			return d, false
		}
	}
	return d, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// better reports whether d is preferred to e: a release build before a debug
// one (the debug C runtime is not on users' machines), then the newest
// version, then the newest toolset, then the name, for a stable choice.
func (d dllName) better(e dllName) bool {
	if d.debug != e.debug {
		return !d.debug
	}
	if c := slices.Compare(d.version[:], e.version[:]); c != 0 {
		return c > 0
	}
	if d.toolset != e.toolset {
		return d.toolset > e.toolset
	}
	return d.name < e.name
}

// pickDLL returns the best libzmq DLL in dir (see dllName.better).
func pickDLL(dir string) (string, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	var best dllName
	found := false
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		d, ok := parseDLLName(e.Name())
		if !ok || !fileExists(filepath.Join(dir, e.Name())) {
			continue
		}
		if !found || d.better(best) {
			best, found = d, true
		}
	}
	if !found {
		return "", false
	}
	return filepath.Join(dir, best.name), true
}
