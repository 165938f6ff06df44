// Command taskwork is a worker of the zguide's parallel pipeline (chapter 1,
// "Divide and Conquer"): it pulls tasks from the ventilator
// (tcp://localhost:5557), sleeps for each task's workload in milliseconds,
// and pushes an empty result to the sink (tcp://localhost:5558). It prints
// each workload followed by a dot as it goes.
//
// Workers connect to both stable ends, so you can start as many as you like:
//
//	go run ./examples/tasksink
//	go run ./examples/taskwork &
//	go run ./examples/taskwork &
//	go run ./examples/taskvent
//
// By default a worker runs forever; --count makes it exit after that many
// tasks. --pull and --push set the endpoints.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	pull := flag.String("pull", "tcp://localhost:5557", "endpoint of the ventilator to receive tasks from")
	push := flag.String("push", "tcp://localhost:5558", "endpoint of the sink to send results to")
	count := flag.Int("count", 0, "tasks to process before exiting (0 = forever)")
	flag.Parse()
	if err := run(*soname, *pull, *push, *count); err != nil {
		fmt.Fprintln(os.Stderr, "taskwork:", err)
		os.Exit(1)
	}
}

func run(soname, pull, push string, count int) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	// Term waits until the last result has reached the sink.
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	// Socket to receive tasks on.
	receiver, err := ctx.Socket(zmqffi.PULL)
	if err != nil {
		return err
	}
	if err := receiver.Connect(pull); err != nil {
		return fmt.Errorf("connect %s: %w", pull, err)
	}
	// Socket to send results to.
	sender, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		return err
	}
	if err := sender.Connect(push); err != nil {
		return fmt.Errorf("connect %s: %w", push, err)
	}

	done := 0
	for ; count == 0 || done < count; done++ {
		task, err := receiver.RecvString(0)
		if err != nil {
			return err
		}
		msec, err := strconv.Atoi(task)
		if err != nil || msec < 0 {
			return fmt.Errorf("malformed task %q", task)
		}
		fmt.Printf("%s.", task) // Show progress.
		time.Sleep(time.Duration(msec) * time.Millisecond)
		if err := sender.SendString("", 0); err != nil {
			return err
		}
	}
	fmt.Printf("\nProcessed %d tasks\n", done)
	if err := receiver.Close(); err != nil {
		return err
	}
	return sender.Close()
}
