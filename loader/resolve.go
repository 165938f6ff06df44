package loader

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// DefaultNames lists the names tried, in order, when no soname is given: the
// newest ABI first.
func DefaultNames() []string {
	switch runtime.GOOS {
	case "darwin", "ios":
		return []string{"libzmq.5.dylib", "libzmq.dylib"}
	default:
		return []string{"libzmq.so.5", "libzmq.so.4", "libzmq.so.3", "libzmq.so.1", "libzmq.so"}
	}
}

// Resolve turns a library name into an existing absolute file. A name with a
// slash is taken as a path (relative to the working directory); a bare name is
// searched the way the dynamic linker searches. It returns the file, every
// candidate it tried (for error messages), and a *NotFoundError if none exists.
func Resolve(name string) (path string, searched []string, err error) {
	if strings.ContainsRune(name, '/') {
		abs, err := filepath.Abs(name)
		if err != nil {
			return "", []string{name}, err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", []string{abs}, &NotFoundError{Name: name, Searched: []string{abs}}
		}
		return abs, []string{abs}, nil
	}
	for _, dir := range searchDirs() {
		cand := filepath.Join(dir, name)
		searched = append(searched, cand)
		if fileExists(cand) {
			return cand, searched, nil
		}
	}
	if p, ok := ldCacheLookup(name); ok {
		searched = append(searched, p+" (ld.so cache)")
		if fileExists(p) {
			return p, searched, nil
		}
	} else {
		searched = append(searched, "ld.so cache")
	}
	for _, dir := range defaultDirs() {
		cand := filepath.Join(dir, name)
		searched = append(searched, cand)
		if fileExists(cand) {
			return cand, searched, nil
		}
	}
	return "", searched, &NotFoundError{Name: name, Searched: searched}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// searchDirs are the directories from the environment that the dynamic linker
// searches before its cache.
func searchDirs() []string {
	var env string
	switch runtime.GOOS {
	case "darwin", "ios":
		env = os.Getenv("DYLD_LIBRARY_PATH")
	default:
		env = os.Getenv("LD_LIBRARY_PATH")
	}
	var dirs []string
	for _, d := range filepath.SplitList(env) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// defaultDirs are searched after the cache: the linker's trusted directories,
// plus the usual package-manager prefixes on macOS.
func defaultDirs() []string {
	switch runtime.GOOS {
	case "darwin", "ios":
		return []string{"/opt/homebrew/lib", "/usr/local/lib", "/opt/local/lib", "/usr/lib"}
	default:
		dirs := []string{}
		if triple := multiarchTriple(); triple != "" {
			dirs = append(dirs, "/lib/"+triple, "/usr/lib/"+triple)
		}
		return append(dirs, "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")
	}
}

func multiarchTriple() string {
	if runtime.GOOS != "linux" {
		return ""
	}
	switch runtime.GOARCH {
	case "amd64":
		return "x86_64-linux-gnu"
	case "arm64":
		return "aarch64-linux-gnu"
	case "386":
		return "i386-linux-gnu"
	case "arm":
		return "arm-linux-gnueabihf"
	case "ppc64le":
		return "powerpc64le-linux-gnu"
	case "s390x":
		return "s390x-linux-gnu"
	case "riscv64":
		return "riscv64-linux-gnu"
	case "loong64":
		return "loongarch64-linux-gnu"
	}
	return ""
}

// Installed lists every libzmq file the dynamic linker could find on this host
// (in LD_LIBRARY_PATH, the ld.so cache and the default directories; on macOS
// DYLD_LIBRARY_PATH and the package-manager prefixes), as absolute paths with
// symlinks resolved, each file once, in search order. It does not load them.
func Installed() []string {
	var dirs []string
	dirs = append(dirs, searchDirs()...)
	for _, n := range DefaultNames() {
		if p, ok := ldCacheLookup(n); ok {
			dirs = append(dirs, filepath.Dir(p))
		}
	}
	dirs = append(dirs, defaultDirs()...)
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		matches, _ := filepath.Glob(filepath.Join(d, "libzmq*"))
		for _, m := range matches {
			base := filepath.Base(m)
			if !strings.HasPrefix(base, "libzmq.so") && !strings.HasSuffix(base, ".dylib") {
				continue
			}
			real, err := filepath.EvalSymlinks(m)
			if err != nil || seen[real] || !fileExists(real) {
				continue
			}
			seen[real] = true
			out = append(out, real)
		}
	}
	return out
}
