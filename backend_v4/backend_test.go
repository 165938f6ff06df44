package backend_v4_test

import (
	"testing"

	"github.com/zmqffi/zmqffi/internal/conformance"
)

// TestConformance runs the shared suite on every 4.x library among the
// targets (the compat test library, the system libzmq, ZMQFFI_TEST_LIBS).
func TestConformance(t *testing.T) { conformance.RunMajor(t, 4) }
