//go:build linux

package main

import (
	"slices"
	"time"
)

// summary is the spread of a set of latencies.
type summary struct {
	N                     int
	Min, Median, P90, Max time.Duration
}

// summarize returns the spread of ds without reordering ds. The median of an
// even count is the mean of the two middle values; p90 is the nearest-rank
// percentile, so with few samples it is an observed value, never an
// interpolation.
func summarize(ds []time.Duration) summary {
	if len(ds) == 0 {
		return summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return summary{
		N:      n,
		Min:    s[0],
		Median: med,
		P90:    s[nearestRank(n, 90)-1],
		Max:    s[n-1],
	}
}

// nearestRank is the 1-based rank of the p-th percentile of n sorted values:
// ceil(p/100 * n), at least 1.
func nearestRank(n, p int) int {
	r := (p*n + 99) / 100
	return max(r, 1)
}
