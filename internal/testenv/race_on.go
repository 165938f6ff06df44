//go:build race

package testenv

// Race is true when the race detector is on: it adds allocations and slows
// every call, so tests that count allocations or messages scale with it.
const Race = true
