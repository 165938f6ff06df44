// Command wuserver is the zguide's weather update server (chapter 1, "Getting
// the Message Out"): a PUB socket bound to tcp://*:5556 that broadcasts an
// endless stream of random weather updates, each "zipcode temperature
// relhumidity" ("10001 72 35"). Subscribers pick the zip codes they want
// with a prefix filter; see wuclient.
//
//	go run ./examples/wuserver
//	go run ./examples/wuclient 10001
//
// --count stops after that many updates (0, the default, publishes forever),
// --interval paces them, and --zip-min/--zip-max narrow the zip codes drawn
// (00000-99999 by default), so a test can get matches for its zip code
// quickly: --zip-min 10000 --zip-max 10001 makes every other update one for
// 10001.
//
// A publisher that has no subscribers drops what it sends, and a subscriber
// that joins late misses what was sent before: the stream has no start and
// no end.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	endpoint := flag.String("endpoint", "tcp://*:5556", "endpoint to bind the PUB socket to")
	count := flag.Int("count", 0, "updates to publish before exiting (0 = forever)")
	interval := flag.Duration("interval", 0, "pause between updates")
	zipMin := flag.Int("zip-min", 0, "smallest zip code drawn")
	zipMax := flag.Int("zip-max", 99999, "largest zip code drawn")
	flag.Parse()
	if *zipMin < 0 || *zipMax > 99999 || *zipMin > *zipMax {
		fmt.Fprintf(os.Stderr, "wuserver: need 0 <= --zip-min <= --zip-max <= 99999, have %d and %d\n", *zipMin, *zipMax)
		os.Exit(1)
	}
	if err := run(*soname, *endpoint, *count, *interval, *zipMin, *zipMax); err != nil {
		fmt.Fprintln(os.Stderr, "wuserver:", err)
		os.Exit(1)
	}
}

func run(soname, endpoint string, count int, interval time.Duration, zipMin, zipMax int) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()

	publisher, err := ctx.Socket(zmqffi.PUB)
	if err != nil {
		return err
	}
	if err := publisher.Bind(endpoint); err != nil {
		return fmt.Errorf("bind %s: %w", endpoint, err)
	}
	fmt.Printf("Publishing weather updates on %s\n", endpoint)

	sent := 0
	for ; count == 0 || sent < count; sent++ {
		// Get values that will fool the boss.
		zipcode := zipMin + rand.IntN(zipMax-zipMin+1)
		temperature := rand.IntN(215) - 80
		relhumidity := rand.IntN(50) + 10

		// Send the message to all subscribers.
		update := fmt.Sprintf("%05d %d %d", zipcode, temperature, relhumidity)
		if err := publisher.SendString(update, 0); err != nil {
			return err
		}
		if interval > 0 {
			time.Sleep(interval)
		}
	}
	fmt.Printf("Published %d updates\n", sent)
	return publisher.Close()
}
