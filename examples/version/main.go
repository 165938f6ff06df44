// Command version reports which libzmq zmqffi loaded: its version and the
// path of the library file actually mapped. It is the zguide's "version"
// example (chapter 1, "Version Reporting"): when something misbehaves, first
// find out exactly which libzmq you are running against.
//
// Run it with the default library search, or name a library:
//
//	go run ./examples/version
//	go run ./examples/version --soname libzmq.so.3
//	go run ./examples/version --soname $HOME/zmq/4.3.5/lib/libzmq.so.5
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	flag.Parse()
	if err := run(*soname); err != nil {
		fmt.Fprintln(os.Stderr, "version:", err)
		os.Exit(1)
	}
}

func run(soname string) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()
	v := ctx.Version()
	fmt.Printf("Current ZeroMQ version is %d.%d.%d\n", v.Major, v.Minor, v.Patch)
	fmt.Printf("Loaded from %s\n", ctx.LibraryPath())
	return nil
}
