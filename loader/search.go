package loader

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// platform holds what the search for a library depends on: the operating
// system's rules and this host's directories. hostPlatform describes the
// running process; tests describe other systems to check each one's rules on
// any host.
type platform struct {
	goos, goarch string
	getenv       func(string) string
	// Windows: the directory of the executable, GetSystemDirectory,
	// GetWindowsDirectory and the working directory.
	exeDir, systemDir, windowsDir, workDir string
	// ldCache looks a name up in glibc's ld.so cache (linux only).
	ldCache func(name string) (string, bool)
	// hintsDirs lists the directories of FreeBSD's ld-elf.so.hints.
	hintsDirs func() []string
}

// searchOrder is where a bare library name is looked for: the directories of
// before, then the cache (if any), then those of after.
type searchOrder struct {
	before     []string
	cache      func(name string) (string, bool)
	cacheLabel string
	after      []string
}

func (p platform) order() searchOrder {
	var o searchOrder
	switch p.goos {
	case "windows":
		// The standard search order of LoadLibrary (SafeDllSearchMode): the
		// executable's directory, the system directory, the 16-bit system
		// directory, the Windows directory, the working directory, PATH.
		var sys16 string
		if p.windowsDir != "" {
			sys16 = p.windowsDir + `\System`
		}
		o.before = nonEmpty(p.exeDir, p.systemDir, sys16, p.windowsDir, p.workDir)
		o.after = splitList(p.getenv("PATH"), ';')
	case "darwin", "ios":
		// dyld: DYLD_LIBRARY_PATH, then DYLD_FALLBACK_LIBRARY_PATH; then the
		// Homebrew (Apple silicon, Intel) and MacPorts prefixes and /usr/lib.
		o.before = splitList(p.getenv("DYLD_LIBRARY_PATH"), ':')
		o.after = append(splitList(p.getenv("DYLD_FALLBACK_LIBRARY_PATH"), ':'),
			"/opt/homebrew/lib", "/usr/local/lib", "/opt/local/lib", "/usr/lib")
	case "freebsd", "dragonfly":
		// rtld: LD_LIBRARY_PATH, the directories ldconfig wrote to the hints
		// file, the standard ones (ports install into /usr/local/lib).
		o.before = splitList(p.getenv("LD_LIBRARY_PATH"), ':')
		if p.hintsDirs != nil {
			o.after = p.hintsDirs()
		}
		o.after = append(o.after, "/lib", "/usr/lib", "/usr/local/lib")
	case "netbsd":
		// ld.elf_so: LD_LIBRARY_PATH, /usr/lib; pkgsrc installs into /usr/pkg/lib.
		o.before = splitList(p.getenv("LD_LIBRARY_PATH"), ':')
		o.after = []string{"/usr/lib", "/usr/pkg/lib", "/usr/local/lib"}
	case "openbsd":
		o.before = splitList(p.getenv("LD_LIBRARY_PATH"), ':')
		o.after = []string{"/usr/lib", "/usr/local/lib"}
	default:
		// glibc's ld.so: LD_LIBRARY_PATH, the ld.so cache, the trusted
		// directories.
		o.before = splitList(p.getenv("LD_LIBRARY_PATH"), ':')
		o.cache = p.ldCache
		o.cacheLabel = "ld.so cache"
		if triple := multiarchTriple(p.goos, p.goarch); triple != "" {
			o.after = append(o.after, "/lib/"+triple, "/usr/lib/"+triple)
		}
		o.after = append(o.after, "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")
	}
	fold := p.goos == "windows" // case-insensitive paths
	o.before = dedup(o.before, nil, fold)
	o.after = dedup(o.after, o.before, fold)
	return o
}

// defaultNames lists the names tried when no name is given, newest ABI first.
// On Windows the names carry the toolset and version (see pickDLL), so the
// pattern stands for them.
func (p platform) defaultNames() []string {
	switch p.goos {
	case "windows":
		return []string{"libzmq*.dll"}
	case "darwin", "ios":
		return []string{"libzmq.5.dylib", "libzmq.dylib"}
	default:
		return []string{"libzmq.so.5", "libzmq.so.4", "libzmq.so.3", "libzmq.so.1", "libzmq.so"}
	}
}

// isPath reports whether name names a file rather than a library to search
// for: it has a directory part (on Windows also a backslash or a drive).
func (p platform) isPath(name string) bool {
	if strings.ContainsRune(name, '/') {
		return true
	}
	if p.goos == "windows" {
		return strings.ContainsRune(name, '\\') || (len(name) >= 2 && name[1] == ':')
	}
	return false
}

// resolve finds the file for name: a path is taken as it is (relative to the
// working directory), a bare name is searched for. It returns the file and
// every place tried.
func (p platform) resolve(name string) (path string, searched []string, err error) {
	if p.isPath(name) {
		abs, err := filepath.Abs(name)
		if err != nil {
			return "", []string{name}, err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", []string{abs}, &NotFoundError{Name: name, Searched: []string{abs}}
		}
		return abs, []string{abs}, nil
	}
	if p.goos == "windows" && filepath.Ext(name) == "" {
		name += ".dll" // as LoadLibrary does
	}
	path, searched = p.search(name, func(dir string) (string, string, bool) {
		cand := filepath.Join(dir, name)
		return cand, cand, fileExists(cand)
	})
	if path == "" {
		return "", searched, &NotFoundError{Name: name, Searched: searched}
	}
	return path, searched, nil
}

// resolveDefault finds the library to load when no name is given: each of
// [DefaultNames] in turn, or on Windows the best libzmq*.dll of the first
// directory that has one (see pickDLL).
func (p platform) resolveDefault() (path string, searched []string, err error) {
	if p.goos == "windows" {
		path, searched = p.search("", func(dir string) (string, string, bool) {
			f, ok := pickDLL(dir)
			return f, filepath.Join(dir, "libzmq*.dll"), ok
		})
		if path != "" {
			return path, searched, nil
		}
		return "", searched, &NotFoundError{Searched: searched}
	}
	for _, n := range p.defaultNames() {
		f, tried, err := p.resolve(n)
		searched = append(searched, tried...)
		if err == nil {
			return f, searched, nil
		}
	}
	return "", searched, &NotFoundError{Searched: searched}
}

// search walks the search order: look tells, for one directory, the file
// found there, what was tried there and whether it was found; name is looked
// up in the cache.
func (p platform) search(name string, look func(dir string) (file, tried string, ok bool)) (string, []string) {
	var searched []string
	o := p.order()
	for _, dir := range o.before {
		f, tried, ok := look(dir)
		searched = append(searched, tried)
		if ok {
			return f, searched
		}
	}
	if o.cache != nil && name != "" {
		if f, ok := o.cache(name); ok {
			searched = append(searched, f+" ("+o.cacheLabel+")")
			if fileExists(f) {
				return f, searched
			}
		} else {
			searched = append(searched, o.cacheLabel)
		}
	}
	for _, dir := range o.after {
		f, tried, ok := look(dir)
		searched = append(searched, tried)
		if ok {
			return f, searched
		}
	}
	return "", searched
}

// installed lists every libzmq file found in the search directories, with
// symlinks resolved, each file once, in search order.
func (p platform) installed() []string {
	o := p.order()
	dirs := append([]string{}, o.before...)
	if o.cache != nil {
		for _, n := range p.defaultNames() {
			if f, ok := o.cache(n); ok {
				dirs = append(dirs, filepath.Dir(f))
			}
		}
	}
	dirs = append(dirs, o.after...)
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		matches, _ := filepath.Glob(filepath.Join(d, "libzmq*"))
		for _, m := range matches {
			if !p.isLibzmqFile(filepath.Base(m)) {
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

func (p platform) isLibzmqFile(base string) bool {
	switch p.goos {
	case "windows":
		_, ok := parseDLLName(base)
		return ok
	case "darwin", "ios":
		return strings.HasSuffix(base, ".dylib")
	default:
		return strings.HasPrefix(base, "libzmq.so")
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// splitList splits a search-path variable, dropping empty entries.
func splitList(s string, sep rune) []string {
	var out []string
	for _, d := range strings.Split(s, string(sep)) {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dedup drops the repeats of a directory, and those searched already (fold:
// compared without case).
func dedup(dirs, already []string, fold bool) []string {
	key := func(d string) string {
		if fold {
			return strings.ToLower(d)
		}
		return d
	}
	seen := map[string]bool{}
	for _, d := range already {
		seen[key(d)] = true
	}
	out := dirs[:0]
	for _, d := range dirs {
		if !seen[key(d)] {
			seen[key(d)] = true
			out = append(out, d)
		}
	}
	return out
}

func multiarchTriple(goos, goarch string) string {
	if goos != "linux" {
		return ""
	}
	switch goarch {
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

// hostPlatform describes this process.
func hostPlatform() platform {
	p := platform{goos: runtime.GOOS, goarch: runtime.GOARCH, getenv: os.Getenv}
	switch p.goos {
	case "windows":
		if exe, err := os.Executable(); err == nil {
			p.exeDir = filepath.Dir(exe)
		}
		p.systemDir, p.windowsDir = windowsDirs()
		p.workDir, _ = os.Getwd()
	case "linux":
		p.ldCache = ldCacheLookup
	case "freebsd", "dragonfly":
		p.hintsDirs = elfHintsDirs
	}
	return p
}
