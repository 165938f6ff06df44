package loader

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

var procLoadLibraryExW = kernel32.NewProc("LoadLibraryExW")

// loadWithAlteredSearchPath makes LoadLibraryEx look for the DLLs the
// library imports (libwinpthread, libsodium, the C runtime) in the library's
// own directory first, as it does for the executable's.
const loadWithAlteredSearchPath = 0x00000008

// openLibrary maps the DLL at the absolute path with LoadLibraryEx. Windows
// identifies a module loaded by full path by that path, so copies of one DLL
// in different directories are separate modules.
func openLibrary(path string) (uintptr, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return 0, fmt.Errorf("loader: LoadLibraryEx %s: %w", path, err)
	}
	h, _, e := procLoadLibraryExW.Call(uintptr(unsafe.Pointer(p)), 0, loadWithAlteredSearchPath)
	if h == 0 {
		var errno syscall.Errno
		if errors.As(e, &errno) && errno == syscall.ERROR_MOD_NOT_FOUND {
			return 0, fmt.Errorf("loader: LoadLibraryEx %s: a DLL it imports is missing (put it beside the library or on PATH): %w", path, e)
		}
		return 0, fmt.Errorf("loader: LoadLibraryEx %s: %w", path, e)
	}
	return h, nil
}

// lookupSymbol is GetProcAddress on the module.
func lookupSymbol(h uintptr, name string) (uintptr, error) {
	return syscall.GetProcAddress(syscall.Handle(h), name)
}

// fileIdentity is the volume serial number and file index of the file.
func fileIdentity(path string, _ os.FileInfo) (fileKey, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return fileKey{}, err
	}
	h, err := syscall.CreateFile(p, 0, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE|syscall.FILE_SHARE_DELETE,
		nil, syscall.OPEN_EXISTING, syscall.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return fileKey{}, fmt.Errorf("loader: %s: %w", path, err)
	}
	defer syscall.CloseHandle(h)
	var info syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(h, &info); err != nil {
		return fileKey{}, fmt.Errorf("loader: %s: no file identity available: %w", path, err)
	}
	return fileKey{uint64(info.VolumeSerialNumber), uint64(info.FileIndexHigh)<<32 | uint64(info.FileIndexLow)}, nil
}

// checkLibraryFile leaves the file to LoadLibraryEx, which refuses what is
// not a DLL for this architecture (ERROR_BAD_EXE_FORMAT).
func checkLibraryFile(string, int64) error { return nil }
