package loader

import (
	"syscall"
	"unsafe"
)

var (
	kernel32                 = syscall.NewLazyDLL("kernel32.dll")
	procGetSystemDirectoryW  = kernel32.NewProc("GetSystemDirectoryW")
	procGetWindowsDirectoryW = kernel32.NewProc("GetWindowsDirectoryW")
)

// windowsDirs returns GetSystemDirectory and GetWindowsDirectory.
func windowsDirs() (system, windows string) {
	return dirFrom(procGetSystemDirectoryW), dirFrom(procGetWindowsDirectoryW)
}

func dirFrom(proc *syscall.LazyProc) string {
	buf := make([]uint16, syscall.MAX_PATH)
	for {
		n, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
		if n == 0 {
			return ""
		}
		if int(n) < len(buf) {
			return syscall.UTF16ToString(buf[:n])
		}
		buf = make([]uint16, n) // n is the size needed, NUL included
	}
}
