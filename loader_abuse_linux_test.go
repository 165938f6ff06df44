package zmqffi_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
	"github.com/zmqffi/zmqffi/loader"
)

// Loader abuse: the same library opened again and again under every name,
// names that lead to libc, to directories, FIFOs and broken files, a library
// deleted (and replaced) after loading, and concurrent loads of different
// files. Each gets a clear error or works, with no crash, no hang and no
// second mapping of a file already mapped.

func linuxOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses /proc and the Linux sonames")
	}
}

// systemLib resolves the system libzmq.so.5.
func systemLib(t *testing.T) string {
	t.Helper()
	p, _, err := loader.Resolve("libzmq.so.5")
	if err != nil {
		t.Skipf("no system libzmq.so.5: %v", err)
	}
	real, err := filepath.EvalSymlinks(p)
	require.NoError(t, err)
	return real
}

// copyFile copies src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(dst)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// mappings counts the mappings of path's file (by device and inode, as
// /proc/self/maps names them) that start at file offset 0: one per time the
// dynamic linker mapped the file.
func mappings(t *testing.T, path string) int {
	t.Helper()
	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(path, &st))
	f, err := os.Open("/proc/self/maps")
	require.NoError(t, err)
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// address perms offset dev inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[2] != "00000000" {
			continue
		}
		if fields[4] == fmt.Sprint(st.Ino) && sameDev(fields[3], uint64(st.Dev)) {
			n++
		}
	}
	require.NoError(t, sc.Err())
	return n
}

// sameDev compares a /proc/self/maps "major:minor" (hex) with st_dev.
func sameDev(field string, dev uint64) bool {
	var major, minor uint64
	if _, err := fmt.Sscanf(field, "%x:%x", &major, &minor); err != nil {
		return false
	}
	// glibc's gnu_dev_major/minor encoding.
	devMajor := (dev>>8)&0xfff | (dev>>32)&^0xfff
	devMinor := dev&0xff | (dev>>12)&^0xff
	return major == devMajor && minor == devMinor
}

func TestAbuseSameLibraryOpenedAgain(t *testing.T) {
	linuxOnly(t)
	path := systemLib(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "libzmq.so.5")
	require.NoError(t, os.Symlink(path, link))
	linkToLink := filepath.Join(dir, "libzmq.so")
	require.NoError(t, os.Symlink(link, linkToLink))
	names := []string{"libzmq.so.5", path, link, linkToLink, filepath.Dir(path) + "/./" + filepath.Base(path),
		filepath.Dir(path) + "//" + filepath.Base(path), filepath.Join(filepath.Dir(path), "..", filepath.Base(filepath.Dir(path)), filepath.Base(path))}

	first, err := loader.Open("libzmq.so.5")
	require.NoError(t, err)
	var wg sync.WaitGroup
	libs := make([]*loader.Library, 100)
	errs := make([]error, 100)
	for i := range libs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			libs[i], errs[i] = loader.Open(names[i%len(names)])
		}()
	}
	wg.Wait()
	for i := range libs {
		require.NoError(t, errs[i], names[i%len(names)])
		require.Same(t, first, libs[i], "%s opened as a second library", names[i%len(names)])
	}
	// Contexts on it, by any name, share the one mapping too.
	for i := 0; i < 100; i++ {
		ctx, err := zmqffi.NewContext(zmqffi.WithSoname(names[i%len(names)]))
		require.NoError(t, err)
		require.Equal(t, path, ctx.LibraryPath())
		require.NoError(t, ctx.Term())
	}
	require.Equal(t, 1, mappings(t, path), "%s is mapped more than once", path)
}

func TestAbuseNamesThatAreNotLibzmq(t *testing.T) {
	linuxOnly(t)
	dir := t.TempDir()
	libc, _, err := loader.Resolve("libc.so.6")
	require.NoError(t, err)

	dirLink := filepath.Join(dir, "libzmq.so.5")
	require.NoError(t, os.Symlink(dir, dirLink))
	loop := filepath.Join(dir, "libzmq-loop.so")
	require.NoError(t, os.Symlink(loop, loop))
	fifo := filepath.Join(dir, "libzmq-fifo.so")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	empty := filepath.Join(dir, "libzmq-empty.so")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	truncated := filepath.Join(dir, "libzmq-truncated.so")
	sys := systemLib(t)
	data, err := os.ReadFile(sys)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(truncated, data[:4096], 0o644))
	libcLink := filepath.Join(dir, "libzmq.so.3")
	require.NoError(t, os.Symlink(libc, libcLink))
	// A directory where the search finds a name.
	searchDir := filepath.Join(dir, "search")
	require.NoError(t, os.MkdirAll(filepath.Join(searchDir, "libzmq.so.77"), 0o755))
	t.Setenv("LD_LIBRARY_PATH", searchDir)

	for _, c := range []struct {
		name string
		want string // in the error
	}{
		{"libc.so.6", "not a libzmq"},
		{libc, "not a libzmq"},
		{libcLink, "not a libzmq"},
		{"libm.so.6", "not a libzmq"},
		{dir, "not a regular file"},
		{dirLink, "not a regular file"},
		{"/", "not a regular file"},
		{"/dev/null", "not a regular file"},
		{"/dev/zero", "not a regular file"},
		{"/proc/self/exe", "dlopen"},
		{fifo, "not a regular file"},
		{loop, "not found"},
		{empty, "dlopen"},
		{truncated, "truncated"},
		{"libzmq.so.77", "not found"},
		{"libzmq.so.999", "not found"},
		{filepath.Join(dir, "missing", "libzmq.so.5"), "not found"},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := loader.Open(c.name)
			done <- err
		}()
		select {
		case err := <-done:
			require.Error(t, err, c.name)
			assert.Contains(t, err.Error(), c.want, c.name)
			if c.want == "not a libzmq" {
				assert.ErrorIs(t, err, loader.ErrNotLibzmq)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Open(%q) hangs", c.name)
		}
		// The same through the public API.
		_, err := zmqffi.NewContext(zmqffi.WithSoname(c.name))
		require.Error(t, err, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
		if c.want == "not a libzmq" {
			assert.ErrorIs(t, err, zmqffi.ErrNotLibzmq)
		}
	}
}

// TestAbuseDeletedLibrary deletes a library file while a context uses it:
// the mapping stays, so the context keeps working; opening the path again
// fails clearly; a different library written to the same path later (the
// file system may give it the same inode) is loaded as what it is.
func TestAbuseDeletedLibrary(t *testing.T) {
	linuxOnly(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "libzmq-deleted.so.5")
	copyFile(t, systemLib(t), path)
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(path))
	require.NoError(t, err)
	defer ctx.Term()
	require.NoError(t, os.Remove(path))

	sys := conformance.NewContext(t, testenv.Target{Name: "system"})
	pull := conformance.NewSocket(t, sys, zmqffi.PULL)
	ep := conformance.BindEndpoint(t, pull, "tcp")
	push, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	require.NoError(t, push.SetLinger(0))
	require.NoError(t, push.Connect(ep))
	require.NoError(t, push.SendString("from a deleted file", 0))
	got, err := pull.RecvString(0)
	require.NoError(t, err)
	require.Equal(t, "from a deleted file", got)
	more, err := zmqffi.NewContext(zmqffi.WithSoname(path)) // the first context is still open
	require.Error(t, err)
	require.Nil(t, more)
	var nf *zmqffi.LibraryNotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Contains(t, err.Error(), path)

	// Another library at the same path.
	compat := testenv.CompatTargets(t)
	if len(compat) == 0 {
		t.Skip("no compat library to write over the deleted one")
	}
	copyFile(t, compat[len(compat)-1].Soname, path)
	other, err := zmqffi.NewContext(zmqffi.WithSoname(path))
	require.NoError(t, err)
	defer other.Term()
	assert.Equal(t, 3, other.Version().Major, "the file now at %s is the 3.x compat library", path)
	assert.Equal(t, 4, ctx.Version().Major)
	s, err := other.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	require.NoError(t, s.SetLinger(0))
	require.NoError(t, s.Connect(ep))
	require.NoError(t, s.SendString("from the new file", 0))
	got, err = pull.RecvString(0)
	require.NoError(t, err)
	require.Equal(t, "from the new file", got)
}

// TestAbuseConcurrentSonames creates contexts on different files (the
// system library, two copies of it, the compat libraries) from several
// goroutines at once, again and again.
func TestAbuseConcurrentSonames(t *testing.T) {
	linuxOnly(t)
	sys := systemLib(t)
	dir := t.TempDir()
	names := []string{"libzmq.so.5"}
	for i := 0; i < 2; i++ {
		p := filepath.Join(dir, fmt.Sprintf("copy%d", i), "libzmq.so.5")
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		copyFile(t, sys, p)
		names = append(names, p)
	}
	for _, tg := range testenv.CompatTargets(t) {
		names = append(names, tg.Soname)
	}
	paths := make([]string, len(names))
	var wg sync.WaitGroup
	errc := make(chan error, len(names)*4)
	for g := 0; g < len(names)*2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := names[g%len(names)]
			for i := 0; i < 20; i++ {
				ctx, err := zmqffi.NewContext(zmqffi.WithSoname(name))
				if err != nil {
					errc <- fmt.Errorf("%s: %w", name, err)
					return
				}
				s, err := ctx.Socket(zmqffi.PAIR)
				if err == nil {
					err = s.Bind("inproc://concurrent")
				}
				if i == 0 && g < len(names) {
					paths[g] = ctx.LibraryPath()
				}
				if err := errors.Join(err, ctx.Term()); err != nil {
					errc <- fmt.Errorf("%s: %w", name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	seen := map[string]bool{}
	for i, p := range paths {
		require.False(t, seen[p], "%s and another name gave the same library %s", names[i], p)
		seen[p] = true
		require.Equal(t, 1, mappings(t, p), "%s is mapped more than once", p)
	}
}
