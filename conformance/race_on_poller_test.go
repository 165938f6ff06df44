//go:build race

package conformance

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
