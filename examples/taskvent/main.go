// Command taskvent is the ventilator of the zguide's parallel pipeline
// (chapter 1, "Divide and Conquer"): it binds a PUSH socket to tcp://*:5557
// and hands out 100 tasks, each a workload in milliseconds (1-100) for a
// worker to sleep, after telling the sink (tcp://localhost:5558) that the
// batch starts.
//
// Start the sink and some workers, then the ventilator, and press Enter once
// the workers are running:
//
//	go run ./examples/tasksink
//	go run ./examples/taskwork &   # as many as you like
//	go run ./examples/taskwork &
//	go run ./examples/taskvent
//
// Waiting for Enter is the guide's crude way to start the batch only once
// every worker has connected: the first worker to connect would otherwise get
// most of the tasks. --no-wait skips it (a PUSH socket with no worker at all
// still waits for one). --tasks sets the batch size, --bind and --sink the
// endpoints.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	bind := flag.String("bind", "tcp://*:5557", "endpoint to bind the PUSH socket that sends tasks to workers")
	sink := flag.String("sink", "tcp://localhost:5558", "endpoint of the sink, told when the batch starts")
	tasks := flag.Int("tasks", 100, "tasks in the batch")
	noWait := flag.Bool("no-wait", false, "start at once instead of waiting for Enter")
	flag.Parse()
	if err := run(*soname, *bind, *sink, *tasks, !*noWait); err != nil {
		fmt.Fprintln(os.Stderr, "taskvent:", err)
		os.Exit(1)
	}
}

func run(soname, bind, sinkEndpoint string, tasks int, wait bool) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	// Term waits, with libzmq's default linger, until every queued task has
	// gone out: no need for the guide's final sleep.
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	// Socket to send tasks on.
	sender, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		return err
	}
	if err := sender.Bind(bind); err != nil {
		return fmt.Errorf("bind %s: %w", bind, err)
	}
	// Socket to send the start-of-batch signal to the sink.
	sink, err := ctx.Socket(zmqffi.PUSH)
	if err != nil {
		return err
	}
	if err := sink.Connect(sinkEndpoint); err != nil {
		return fmt.Errorf("connect %s: %w", sinkEndpoint, err)
	}

	if wait {
		fmt.Print("Press Enter when the workers are ready: ")
		if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading stdin: %w", err)
		}
	}
	fmt.Println("Sending tasks to workers...")

	// The first message is "0" and signals the start of the batch.
	if err := sink.SendString("0", 0); err != nil {
		return err
	}

	// Send the tasks.
	totalMsec := 0
	for range tasks {
		workload := rand.IntN(100) + 1 // 1 to 100 msec
		totalMsec += workload
		if err := sender.SendString(strconv.Itoa(workload), 0); err != nil {
			return err
		}
	}
	fmt.Printf("Total expected cost: %d msec\n", totalMsec)
	if err := sink.Close(); err != nil {
		return err
	}
	return sender.Close()
}
