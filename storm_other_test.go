//go:build !linux

package zmqffi_test

// signalThreads does nothing here: signalling every thread of the process
// (tgkill on /proc/self/task) is Linux's.
func (n *stormNoise) signalThreads() {}
