// Package loader finds a libzmq shared library, maps it into the process and
// asks it which version it is.
//
// A bare soname such as "libzmq.so.5" is first resolved to an absolute file the
// way the dynamic linker would search for it (LD_LIBRARY_PATH, the ld.so cache,
// the default directories), and only that absolute file is passed to dlopen,
// with RTLD_NOW|RTLD_LOCAL, for two reasons: dlopen of a bare soname returns
// whatever copy with that soname is already mapped, and a libzmq in the global
// symbol scope (RTLD_GLOBAL) captures the internal calls of every other libzmq
// copy in the process (the conformance suite's TestSameSonameCopies and its
// cross-version tests run such copies side by side).
//
// Every file is mapped once: opening the same file again, under any name or
// symlink, returns the same [*Library]. Libraries are never closed, so a handle
// stays valid for as long as any context uses it.
//
// Application code should use package zmqffi; this package is its lowest layer.
package loader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"

	"github.com/zmqffi/zmqffi/constants"
)

// Library is one libzmq file mapped into the process.
type Library struct {
	// Path is the absolute path of the file that was mapped, with symlinks
	// resolved.
	Path string
	// Requested is the name the library was asked for ("libzmq.so.5", a path,
	// or "" for the default search).
	Requested string
	// Handle is the dlopen handle (on Windows the module handle of
	// LoadLibraryEx). It is never closed.
	Handle uintptr
	// Version is what zmq_version reported.
	Version constants.Version
}

// Sym returns the address of the named symbol in this library only (never
// through the global scope), or an error if it does not export it.
func (l *Library) Sym(name string) (uintptr, error) {
	return lookupSymbol(l.Handle, name)
}

// NotFoundError reports that no file could be found for a requested name.
type NotFoundError struct {
	Name     string   // what was asked for; "" for the default names
	Searched []string // every candidate file that was tried, in order
}

// Error names what was asked for and every place searched.
func (e *NotFoundError) Error() string {
	what := fmt.Sprintf("%q", e.Name)
	if e.Name == "" {
		what = "any of the default names (" + strings.Join(DefaultNames(), ", ") + ")"
	}
	return fmt.Sprintf("loader: libzmq not found: %s; searched %d places: %s",
		what, len(e.Searched), strings.Join(e.Searched, ", "))
}

// ErrNotLibzmq is wrapped by the error Open returns for a library that loads
// but does not export zmq_version.
var ErrNotLibzmq = errors.New("not a libzmq (no zmq_version symbol)")

type fileKey struct{ dev, ino uint64 }

var (
	mu     sync.Mutex
	byFile = map[fileKey]*Library{}
)

// Open finds the named library (a soname, a file name or a path; "" tries
// [DefaultNames] in order), maps it if it is not mapped yet and probes its
// version. It returns the same *Library for every name that leads to the same
// file.
func Open(name string) (*Library, error) {
	if name == "" {
		path, _, err := hostPlatform().resolveDefault()
		if err != nil {
			return nil, err
		}
		return openFile(path, "")
	}
	if strings.ContainsRune(name, 0) {
		return nil, fmt.Errorf("loader: library name %q contains a NUL byte", name)
	}
	path, _, err := Resolve(name)
	if err != nil {
		return nil, err
	}
	return openFile(path, name)
}

func openFile(path, requested string) (*Library, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fmt.Errorf("loader: %s: %w", path, err)
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, fmt.Errorf("loader: %s: %w", real, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("loader: %s is not a regular file (mode %s)", real, st.Mode())
	}
	key, err := fileIdentity(real, st)
	if err != nil {
		return nil, err
	}

	mu.Lock()
	defer mu.Unlock()
	if lib, ok := byFile[key]; ok {
		return lib, nil
	}
	if err := checkLibraryFile(real, st.Size()); err != nil {
		return nil, err
	}
	h, err := openLibrary(real)
	if err != nil {
		return nil, err
	}
	lib := &Library{Path: real, Requested: requested, Handle: h}
	fn, err := lookupSymbol(h, "zmq_version")
	if err != nil {
		// Deliberately not dlclosed: closing a library that some other code in
		// the process may also have opened is not ours to decide.
		return nil, fmt.Errorf("loader: %s: %w", real, ErrNotLibzmq)
	}
	var major, minor, patch int32
	purego.SyscallN(fn, uintptr(unsafe.Pointer(&major)), uintptr(unsafe.Pointer(&minor)), uintptr(unsafe.Pointer(&patch)))
	lib.Version = constants.Version{Major: int(major), Minor: int(minor), Patch: int(patch)}
	if major <= 0 || major > 100 || minor < 0 || patch < 0 {
		return nil, fmt.Errorf("loader: %s: zmq_version reported an implausible version %d.%d.%d", real, major, minor, patch)
	}
	byFile[key] = lib
	return lib, nil
}
