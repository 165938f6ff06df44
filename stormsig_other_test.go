//go:build !unix

package zmqffi_test

import "os"

// stormSignal is nil: there is no preemption signal to count here.
var stormSignal os.Signal
