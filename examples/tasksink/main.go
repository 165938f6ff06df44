// Command tasksink is the sink of the zguide's parallel pipeline (chapter 1,
// "Divide and Conquer"): it binds a PULL socket to tcp://*:5558, waits for
// the ventilator's start-of-batch signal, collects one result per task from
// the workers, and prints how long the whole batch took. With more workers
// the time drops: they really run in parallel.
//
//	go run ./examples/tasksink
//	go run ./examples/taskwork &
//	go run ./examples/taskvent
//
// --tasks must match the ventilator's batch size (100 by default); --bind
// sets the endpoint.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	bind := flag.String("bind", "tcp://*:5558", "endpoint to bind the PULL socket that collects results")
	tasks := flag.Int("tasks", 100, "results to collect (the ventilator's batch size)")
	flag.Parse()
	if err := run(*soname, *bind, *tasks); err != nil {
		fmt.Fprintln(os.Stderr, "tasksink:", err)
		os.Exit(1)
	}
}

func run(soname, bind string, tasks int) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	// Socket to collect results on.
	receiver, err := ctx.Socket(zmqffi.PULL)
	if err != nil {
		return err
	}
	if err := receiver.Bind(bind); err != nil {
		return fmt.Errorf("bind %s: %w", bind, err)
	}

	// Wait for the start of the batch.
	if _, err := receiver.Recv(0); err != nil {
		return err
	}
	start := time.Now()

	// Collect the results, showing progress: ':' for every tenth, '.' else.
	for n := range tasks {
		if _, err := receiver.Recv(0); err != nil {
			return err
		}
		if n%10 == 9 {
			fmt.Print(":")
		} else {
			fmt.Print(".")
		}
	}
	fmt.Printf("\nTotal elapsed time: %d msec\n", time.Since(start).Milliseconds())
	return receiver.Close()
}
