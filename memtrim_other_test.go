//go:build !linux

package zmqffi_test

// mallocTrim is glibc's; elsewhere the RSS is measured as it is.
var mallocTrim func(uintptr) int32
