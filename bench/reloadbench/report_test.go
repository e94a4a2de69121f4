//go:build linux

package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestChecks(t *testing.T) {
	t.Parallel()
	good := result{
		Name:  "micro-dev .",
		Floor: summary{N: 5, Median: 400 * time.Millisecond},
		Quiet: summary{N: 50, Median: 540 * time.Millisecond}, Saves: 50,
		Load: loadStats{Total: 900}, NoopChecked: true,
		IdleChecked: true, IdleCPU: 0.2, RSSKB: 17 << 10,
		ChildrenCheck: true, Children: []procStat{{PID: 9, Comm: "app"}},
		KillChecked: true,
	}
	bad := good
	bad.Quiet.Median = 551 * time.Millisecond
	bad.Load = loadStats{Total: 900, Failed: 3}
	bad.NoopRestarted = true
	bad.Lost = []string{"reload 7: connection refused"}
	bad.RSSKB = 31 << 10
	bad.Children = append(bad.Children, procStat{PID: 10, Comm: "app"})
	bad.Survivors = []procStat{{PID: 9, Comm: "app"}}
	tests := []struct {
		name string
		r    result
		want string // verdict of each check, in order
	}{
		{"all targets met", good, "PASS PASS PASS PASS PASS PASS PASS"},
		{"all targets missed", bad, "FAIL FAIL FAIL FAIL FAIL FAIL FAIL"},
		{"nothing measured", result{Name: "air", Err: errors.New("did not start")}, "n/a n/a n/a n/a n/a n/a n/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var verdicts []string
			for _, c := range checks(tt.r) {
				verdicts = append(verdicts, strings.Fields(c)[0])
			}
			if got := strings.Join(verdicts, " "); got != tt.want {
				t.Errorf("verdicts %q, want %q\n%s", got, tt.want, strings.Join(checks(tt.r), "\n"))
			}
		})
	}
}

func TestReport(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	cfg := config{reloads: 2, workers: 4, edit: editOverwrite, fixture: "testdata/devapp"}
	r := result{
		Name:   "air",
		Quiet:  summarize([]time.Duration{time.Second, 2 * time.Second}),
		Loaded: summarize([]time.Duration{3 * time.Second, 3 * time.Second}),
		Load:   loadStats{Total: 100, Failed: 7, Samples: map[string]int{"connect: connection refused": 7}},
		Err:    errors.New("boom"),
	}
	r.Floor = summary{N: 5, Median: time.Second}
	r.Stripped = summary{N: 5, Median: 900 * time.Millisecond}
	report(&out, cfg, []result{r})
	for _, want := range []string{"2 reloads quiet + 2 under load", "with -ldflags=-s -w 900ms", "1500ms", "3000ms", "7/100",
		"failure ×7: connect: connection refused", "ERROR (measurements stopped): boom", "FAIL  0 failed requests"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"-h"}, 0},
		{"no tool", []string{}, 2},
		{"bad edit", []string{"-air", "air", "-edit", "copy"}, 2},
		{"bad n", []string{"-air", "air", "-n", "0"}, 2},
		{"bad regexp", []string{"-micro-dev", "md", "-micro-dev-build-re", "("}, 2},
		{"argument", []string{"-air", "air", "extra"}, 2},
		{"unknown flag", []string{"-fast"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if got := run(t.Context(), tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("run(%q) = %d, want %d; stderr:\n%s", tt.args, got, tt.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) wrote a report: %s", tt.args, stdout.String())
			}
		})
	}
}
