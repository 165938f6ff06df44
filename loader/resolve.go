package loader

// DefaultNames lists the names tried, in order, when no name is given: the
// newest ABI first. On Windows it is the pattern libzmq*.dll: the names of
// libzmq's DLLs carry the toolset and version (libzmq-v143-mt-4_3_5.dll), and
// the best one of the first directory that has any is taken.
func DefaultNames() []string {
	return hostPlatform().defaultNames()
}

// Resolve turns a library name into an existing absolute file. A name with a
// directory part is taken as a path (relative to the working directory); a
// bare name is searched the way the platform's loader searches: on Linux
// LD_LIBRARY_PATH, the ld.so cache and the trusted directories; on macOS
// DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH and the Homebrew and MacPorts
// prefixes; on the BSDs LD_LIBRARY_PATH and the system and package
// directories; on Windows the executable's directory, the system
// directories, the working directory and PATH (a name without an extension
// gets ".dll"). It returns the file, every candidate it tried (for error
// messages), and a *NotFoundError if none exists.
func Resolve(name string) (path string, searched []string, err error) {
	return hostPlatform().resolve(name)
}

// Installed lists every libzmq file the platform's loader could find on this
// host (in the directories Resolve searches), as absolute paths with symlinks
// resolved, each file once, in search order. It does not load them.
func Installed() []string {
	return hostPlatform().installed()
}

// ResolveDefault returns the file that Open("") loads: the first of
// [DefaultNames] found, or on Windows the best libzmq*.dll of the first
// directory of the search that has one. It returns every place tried, and a
// *NotFoundError if there is none.
func ResolveDefault() (path string, searched []string, err error) {
	return hostPlatform().resolveDefault()
}
