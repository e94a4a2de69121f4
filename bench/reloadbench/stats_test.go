//go:build linux

package main

import (
	"slices"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		name string
		in   []time.Duration
		want summary
	}{
		{"empty", nil, summary{}},
		{"one", ms(7), summary{N: 1, Min: 7e6, Median: 7e6, P90: 7e6, Max: 7e6}},
		{"odd unsorted", ms(30, 10, 20), summary{N: 3, Min: 10e6, Median: 20e6, P90: 30e6, Max: 30e6}},
		{"even: mean of the middle two", ms(40, 10, 30, 20), summary{N: 4, Min: 10e6, Median: 25e6, P90: 40e6, Max: 40e6}},
		{"ten: p90 is the 9th", ms(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), summary{N: 10, Min: 1e6, Median: 5500e3, P90: 9e6, Max: 10e6}},
		{"twenty: p90 is the 18th", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
			summary{N: 20, Min: 1e6, Median: 10500e3, P90: 18e6, Max: 20e6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := slices.Clone(tt.in)
			if got := summarize(tt.in); got != tt.want {
				t.Errorf("summarize(%v) = %+v, want %+v", tt.in, got, tt.want)
			}
			if !slices.Equal(tt.in, orig) {
				t.Errorf("summarize reordered its input: %v, was %v", tt.in, orig)
			}
		})
	}
}

func TestNearestRank(t *testing.T) {
	t.Parallel()
	tests := []struct{ n, p, want int }{
		{1, 90, 1}, {5, 90, 5}, {10, 90, 9}, {11, 90, 10}, {50, 90, 45}, {100, 90, 90}, {4, 50, 2}, {1, 0, 1},
	}
	for _, tt := range tests {
		if got := nearestRank(tt.n, tt.p); got != tt.want {
			t.Errorf("nearestRank(%d, %d) = %d, want %d", tt.n, tt.p, got, tt.want)
		}
	}
}

func TestCPUPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		s0, s1 procStat
		wall   time.Duration
		want   float64
	}{
		{"idle", procStat{UTime: 5, STime: 5}, procStat{UTime: 5, STime: 5}, 3 * time.Second, 0},
		{"one core busy", procStat{}, procStat{UTime: 200, STime: 100}, 3 * time.Second, 100},
		{"a tick in 2s", procStat{UTime: 1}, procStat{UTime: 1, STime: 1}, 2 * time.Second, 0.5},
	}
	for _, tt := range tests {
		if got := cpuPercent(tt.s0, tt.s1, tt.wall); got != tt.want {
			t.Errorf("%s: cpuPercent = %v, want %v", tt.name, got, tt.want)
		}
	}
}
