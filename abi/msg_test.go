package abi_test

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/abi"
)

// TestCopyC: the copy holds the bytes, has exactly their length and
// capacity, does not alias the source, and is empty but not nil for n == 0.
func TestCopyC(t *testing.T) {
	src := []byte("frame bytes")
	out := abi.CopyC(uintptr(unsafe.Pointer(&src[0])), len(src))
	require.Equal(t, src, out)
	require.Equal(t, len(src), cap(out))
	out[0] = 'F'
	require.Equal(t, byte('f'), src[0])

	empty := abi.CopyC(0, 0)
	require.NotNil(t, empty)
	require.Empty(t, empty)
}
