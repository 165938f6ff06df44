//go:build (darwin || freebsd || linux || netbsd) && !android

package loader

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/ebitengine/purego"
)

// openLibrary maps the file at path with RTLD_NOW|RTLD_LOCAL (mu is held).
func openLibrary(path string) (uintptr, error) {
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err == nil && knownHandle(h) {
		// Another file, since replaced by this one, was loaded from this
		// path, and the dynamic linker matched the name (see dlopenUnique).
		h, err = dlopenUnique(path)
	}
	if err != nil {
		return 0, fmt.Errorf("loader: dlopen %s: %w", path, err)
	}
	return h, nil
}

// lookupSymbol is dlsym on the handle: this library only, never the global
// scope.
func lookupSymbol(h uintptr, name string) (uintptr, error) {
	return purego.Dlsym(h, name)
}

// fileIdentity is the file's device and inode.
func fileIdentity(path string, st os.FileInfo) (fileKey, error) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fileKey{}, fmt.Errorf("loader: %s: no file identity available", path)
	}
	return fileKey{uint64(sys.Dev), uint64(sys.Ino)}, nil //nolint:unconvert // field widths differ per OS
}

// checkLibraryFile refuses a file the dynamic linker cannot map safely.
func checkLibraryFile(path string, size int64) error { return checkELF(path, size) }

// checkELF refuses an ELF file that the dynamic linker cannot map safely: one
// whose headers cannot be read, or whose loadable segments extend past the
// end of the file (a truncated copy), which dlopen maps anyway and then dies
// of SIGBUS touching the missing pages. Files that are not ELF are left to
// dlopen, which reports them.
func checkELF(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("loader: %w", err)
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil || !bytes.Equal(magic[:], []byte(elf.ELFMAG)) {
		return nil
	}
	ef, err := elf.NewFile(f)
	if err != nil {
		return fmt.Errorf("loader: %s is a damaged or truncated ELF file: %w", path, err)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD && p.Off+p.Filesz > uint64(size) {
			return fmt.Errorf("loader: %s is truncated: a loadable segment ends at byte %d of a %d-byte file", path, p.Off+p.Filesz, size)
		}
	}
	return nil
}

// knownHandle reports whether h is the handle of a library already in
// byFile (mu is held).
func knownHandle(h uintptr) bool {
	for _, lib := range byFile {
		if lib.Handle == h {
			return true
		}
	}
	return false
}

// dlopenUnique maps the file at path under a name no library was loaded
// under before: a symlink in a new temporary directory, removed once the file
// is mapped. The dynamic linker looks a requested name up among the names of
// the libraries already loaded before it opens any file, so after a library
// file was replaced (deleted and written anew, as package upgrades do),
// dlopen of its path returns the library loaded earlier from that path.
func dlopenUnique(path string) (uintptr, error) {
	dir, err := os.MkdirTemp("", "zmqffi-load-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	link := filepath.Join(dir, filepath.Base(path))
	if err := os.Symlink(path, link); err != nil {
		return 0, err
	}
	return purego.Dlopen(link, purego.RTLD_NOW|purego.RTLD_LOCAL)
}
