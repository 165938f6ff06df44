// Package latency times request/reply round trips for the benchmark
// programs of this module (scripts/bench/zmqffi and scripts/bench/zmq4), so
// that both report mean, p50 and p99 the same way.
package latency

import (
	"slices"
	"time"
)

// Stats are the round-trip times of one run, in nanoseconds.
type Stats struct {
	N              int
	Mean, P50, P99 int64
}

// Measure makes warmup untimed round trips, then n timed ones (n > 0), and
// returns their statistics; the first error ends it.
func Measure(warmup, n int, roundTrip func() error) (Stats, error) {
	for i := 0; i < warmup; i++ {
		if err := roundTrip(); err != nil {
			return Stats{}, err
		}
	}
	lat := make([]int64, n)
	var sum int64
	for i := range lat {
		t0 := time.Now()
		if err := roundTrip(); err != nil {
			return Stats{}, err
		}
		lat[i] = time.Since(t0).Nanoseconds()
		sum += lat[i]
	}
	slices.Sort(lat)
	return Stats{N: n, Mean: sum / int64(n), P50: lat[pct(n, 50)], P99: lat[pct(n, 99)]}, nil
}

// pct is the index of the p-th percentile in a sorted slice of n.
func pct(n, p int) int { return min(n*p/100, n-1) }
