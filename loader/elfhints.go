package loader

import (
	"encoding/binary"
	"os"
)

// elfHintsPath is FreeBSD's list of library directories, written by ldconfig.
const elfHintsPath = "/var/run/ld-elf.so.hints"

// elfHintsDirs reads the directories of the hints file, or nil.
func elfHintsDirs() []string {
	data, err := os.ReadFile(elfHintsPath)
	if err != nil {
		return nil
	}
	return parseELFHints(data)
}

// parseELFHints reads struct elfhints_hdr (<elf-hints.h>): magic "Ehnt",
// version 1, then the offset and size of the string table and the offset (in
// it) and length of the colon-separated directory list; all uint32 in the
// machine's byte order.
func parseELFHints(data []byte) []string {
	const magic = 0x746e6845
	if len(data) < 24 {
		return nil
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if order.Uint32(data) != magic {
		order = binary.BigEndian
		if order.Uint32(data) != magic {
			return nil
		}
	}
	if order.Uint32(data[4:]) != 1 {
		return nil
	}
	strtab := uint64(order.Uint32(data[8:]))
	dirlist := uint64(order.Uint32(data[16:]))
	n := uint64(order.Uint32(data[20:]))
	start := strtab + dirlist
	if start+n > uint64(len(data)) {
		return nil
	}
	return splitList(string(data[start:start+n]), ':')
}
