// Command wuclient is the zguide's weather update client (chapter 1, "Getting
// the Message Out"): a SUB socket connected to tcp://localhost:5556 that
// subscribes to one zip code (New York City's 10001 by default), collects
// 100 updates for it and prints their average temperature.
//
//	go run ./examples/wuserver
//	go run ./examples/wuclient            # zip code 10001
//	go run ./examples/wuclient 12345      # another zip code, as in the guide
//
// With zip codes drawn at random from 100,000, a hundred updates for one of
// them take about ten million updates from the server. --updates sets how
// many to average, --zipcode (or the first argument) the zip code and
// --endpoint where to connect.
//
// The filter is the zip code followed by a space ("10001 "): subscriptions
// match a prefix of the message, and without the space "1000" would also
// match 10001 to 10009. A SUB socket without any subscription receives
// nothing at all.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	endpoint := flag.String("endpoint", "tcp://localhost:5556", "endpoint of the weather server")
	zipcode := flag.String("zipcode", "10001", "zip code to subscribe to (the first argument, if given, wins)")
	updates := flag.Int("updates", 100, "updates to collect before printing the average")
	flag.Parse()
	if flag.NArg() > 0 {
		*zipcode = flag.Arg(0)
	}
	if *updates <= 0 {
		fmt.Fprintln(os.Stderr, "wuclient: --updates must be positive")
		os.Exit(1)
	}
	if err := run(*soname, *endpoint, *zipcode, *updates); err != nil {
		fmt.Fprintln(os.Stderr, "wuclient:", err)
		os.Exit(1)
	}
}

func run(soname, endpoint, zipcode string, updates int) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	// Socket to talk to the server.
	fmt.Println("Collecting updates from weather server...")
	subscriber, err := ctx.Socket(zmqffi.SUB)
	if err != nil {
		return err
	}
	if err := subscriber.Connect(endpoint); err != nil {
		return fmt.Errorf("connect %s: %w", endpoint, err)
	}
	filter := zipcode + " "
	if err := subscriber.Subscribe(filter); err != nil {
		return err
	}

	totalTemp := 0
	for range updates {
		update, err := subscriber.RecvString(0)
		if err != nil {
			return err
		}
		var zip, temperature, relhumidity int
		if _, err := fmt.Sscanf(update, "%d %d %d", &zip, &temperature, &relhumidity); err != nil {
			return fmt.Errorf("malformed update %q: %w", update, err)
		}
		totalTemp += temperature
	}
	fmt.Printf("Average temperature for zipcode '%s' was %dF\n", filter, totalTemp/updates)
	return subscriber.Close()
}
