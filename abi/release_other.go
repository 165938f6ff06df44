//go:build !(linux && (amd64 || arm64)) || zmqffi_purego

package abi

import (
	"errors"
	"os"
)

// ReleaseSlots is how many lent frames the release queue tracks at once.
const ReleaseSlots = 0

// ReleaseQueue reports that this platform has no release queue: zero-copy
// sends are released through a purego callback instead.
func ReleaseQueue() (fn uintptr, wake *os.File, err error) {
	return 0, nil, errors.New("zmqffi: no release queue on this platform")
}

// TakeReleased does nothing where there is no release queue.
func TakeReleased(visit func(hint uintptr)) {}
