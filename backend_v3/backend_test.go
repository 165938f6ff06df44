package backend_v3_test

import (
	"testing"

	"github.com/zmqffi/zmqffi/internal/conformance"
)

// TestConformance runs the shared suite on every 3.x library among the
// targets (the compat test library, the system libzmq, ZMQFFI_TEST_LIBS).
func TestConformance(t *testing.T) { conformance.RunMajor(t, 3) }
