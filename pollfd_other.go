//go:build !windows

package zmqffi

// pollFD is struct pollfd, the same on every unix.
type pollFD struct {
	fd      sysFD
	events  int16
	revents int16
}

// sysFD is the descriptor type of struct pollfd.
type sysFD = int32

// noFD makes poll(2) skip an entry.
const noFD sysFD = -1

// poll(2) event bits, the same on Linux and the BSDs (macOS included).
const (
	sysPollIn   = 0x1
	sysPollPri  = 0x2
	sysPollOut  = 0x4
	sysPollErr  = 0x8
	sysPollHup  = 0x10
	sysPollNval = 0x20
)
