package loader

import (
	"bytes"
	"encoding/binary"
	"os"
	"runtime"
)

// ldCachePath is glibc's cache of the libraries in the trusted directories and
// those listed in /etc/ld.so.conf, written by ldconfig.
const ldCachePath = "/etc/ld.so.cache"

// ldCacheLookup finds name in the ld.so cache, the way the dynamic linker does
// after LD_LIBRARY_PATH. Only the "new" format (glibc 2.x since 2.32 writes
// nothing else; older ones append it after the old table) is read.
func ldCacheLookup(name string) (string, bool) {
	if runtime.GOOS != "linux" {
		return "", false
	}
	data, err := os.ReadFile(ldCachePath)
	if err != nil {
		return "", false
	}
	return parseLDCache(data, name)
}

// parseLDCache reads glibc's "glibc-ld.so.cache1.1" layout: a 48-byte header
// (magic, version, nlibs, len_strings, flags, padding, extension offset,
// unused), then nlibs 24-byte entries (flags int32, key uint32, value uint32,
// osversion uint32, hwcap uint64) whose key/value are offsets of NUL-terminated
// strings from the start of that header.
func parseLDCache(data []byte, name string) (string, bool) {
	magic := []byte("glibc-ld.so.cache1.1")
	start := bytes.Index(data, magic)
	if start < 0 {
		return "", false
	}
	hdr := data[start:]
	if len(hdr) < 48 {
		return "", false
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if hdr[28]&3 == 3 { // flags: cache_file_new_flags_endian_big
		order = binary.BigEndian
	}
	nlibs := int(order.Uint32(hdr[20:24]))
	const entrySize = 24
	entries := hdr[48:]
	if nlibs < 0 || nlibs > len(entries)/entrySize {
		return "", false
	}
	str := func(off uint32) string {
		if int(off) >= len(hdr) {
			return ""
		}
		s := hdr[off:]
		if i := bytes.IndexByte(s, 0); i >= 0 {
			return string(s[:i])
		}
		return ""
	}
	for i := 0; i < nlibs; i++ {
		e := entries[i*entrySize : (i+1)*entrySize]
		flags := int32(order.Uint32(e[0:4]))
		if !cacheFlagsMatch(flags) {
			continue
		}
		if str(order.Uint32(e[4:8])) == name {
			return str(order.Uint32(e[8:12])), true
		}
	}
	return "", false
}

// cacheFlagsMatch keeps the entries built for this process's architecture
// (FLAG_ELF_LIBC6 plus the machine-specific bits of glibc's ldconfig.h).
func cacheFlagsMatch(flags int32) bool {
	const (
		flagTypeMask     = 0x00ff
		flagELFLibc6     = 0x0003
		flagRequiredMask = 0xff00
		flagX8664Lib64   = 0x0300
		flagAArch64Lib64 = 0x0a00
	)
	if flags&flagTypeMask != flagELFLibc6 {
		return false
	}
	arch := flags & flagRequiredMask
	switch runtime.GOARCH {
	case "amd64":
		return arch == flagX8664Lib64
	case "arm64":
		return arch == flagAArch64Lib64
	case "386", "arm":
		return arch == 0
	default:
		return true // trust the file existence check that follows
	}
}
