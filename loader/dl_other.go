//go:build !windows && !((darwin || freebsd || linux || netbsd) && !android)

package loader

import (
	"fmt"
	"os"
	"runtime"
)

// purego has no dlopen on this platform.
func openLibrary(path string) (uintptr, error) {
	return 0, fmt.Errorf("loader: %s: loading a library is not supported on %s/%s (purego has no dlopen there)", path, runtime.GOOS, runtime.GOARCH)
}

func lookupSymbol(uintptr, string) (uintptr, error) {
	return 0, fmt.Errorf("loader: symbols are not supported on %s/%s", runtime.GOOS, runtime.GOARCH)
}

func fileIdentity(path string, st os.FileInfo) (fileKey, error) {
	return fileKey{}, fmt.Errorf("loader: %s: no file identity on %s", path, runtime.GOOS)
}

func checkLibraryFile(string, int64) error { return nil }
