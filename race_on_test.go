//go:build race

package zmqffi_test

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
