package zmqffi_test

import "github.com/ebitengine/purego"

// mallocTrim is glibc's malloc_trim, or nil: freed C memory stays in the
// RSS until it is trimmed, so the RSS is measured after a trim.
var mallocTrim = func() func(uintptr) int32 {
	libc, err := purego.Dlopen("libc.so.6", purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		return nil
	}
	sym, err := purego.Dlsym(libc, "malloc_trim")
	if err != nil || sym == 0 {
		return nil
	}
	var fn func(uintptr) int32
	purego.RegisterFunc(&fn, sym)
	return fn
}()
