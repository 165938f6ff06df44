//go:build unix

package zmqffi_test

import (
	"os"
	"syscall"
)

// stormSignal is the signal the storm counts: SIGURG, the runtime's
// preemption signal.
var stormSignal os.Signal = syscall.SIGURG
