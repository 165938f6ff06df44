//go:build !race

package zmqffi_test

const raceEnabled = false
