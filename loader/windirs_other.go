//go:build !windows

package loader

// windowsDirs has no meaning off Windows.
func windowsDirs() (system, windows string) { return "", "" }
