//go:build linux

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLineLog(t *testing.T) {
	t.Parallel()
	var copied bytes.Buffer
	l := &lineLog{copyTo: &copied}
	for _, chunk := range []string{"micro-dev 0.1.0\r\n  http://loc", "alhost:4123\nbuild", "ing...\nbuilt in 0.4s\npartial"} {
		if n, err := l.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", chunk, n, err)
		}
	}
	if got := copied.String(); !strings.HasSuffix(got, "partial") || !strings.HasPrefix(got, "micro-dev") {
		t.Errorf("copy = %q, want every byte written", got)
	}
	if m := l.find(bannerRE); m == nil || m[1] != "4123" {
		t.Errorf("find(banner) = %q, want port 4123", m)
	}
	if n := l.count(regexp.MustCompile(`^buil`)); n != 2 {
		t.Errorf("count(^buil) = %d, want 2 (the unfinished line does not count)", n)
	}
	if got, want := l.tail(2), []string{"building...", "built in 0.4s"}; !slices.Equal(got, want) {
		t.Errorf("tail(2) = %q, want %q", got, want)
	}
	if got := l.tail(10); len(got) != 4 || got[0] != "micro-dev 0.1.0" {
		t.Errorf("tail(10) = %q, want the 4 complete lines, CR trimmed", got)
	}
}

func TestStartToolStop(t *testing.T) {
	t.Parallel()
	logPath := filepath.Join(t.TempDir(), "tool.log")
	// A tool that prints, then ignores SIGTERM: stop must escalate to SIGKILL.
	tp, err := startTool(t.TempDir(), nil, logPath, 100*time.Millisecond, "/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done")
	if err != nil {
		t.Fatal(err)
	}
	if !poll(context.Background(), 30*time.Second, 10*time.Millisecond, func() bool { return l1(tp.out) == "ready" }) {
		t.Fatalf("no output from the tool; tail %q", tp.out.tail(5))
	}
	st, err := readStat(tp.pid())
	if err != nil {
		t.Fatal(err)
	}
	if st.PGID != st.PID {
		t.Errorf("tool pgid %d, want its own group %d", st.PGID, st.PID)
	}
	tp.stop()
	if !tp.exited() {
		t.Error("stop returned before the tool was reaped")
	}
	if alive(st) {
		t.Error("tool alive after stop")
	}
}

func l1(l *lineLog) string {
	if t := l.tail(1); len(t) == 1 {
		return t[0]
	}
	return ""
}

func TestPoll(t *testing.T) {
	t.Parallel()
	n := 0
	if !poll(context.Background(), time.Minute, time.Millisecond, func() bool { n++; return n == 3 }) {
		t.Error("poll = false for a condition that became true")
	}
	if poll(context.Background(), 20*time.Millisecond, time.Millisecond, func() bool { return false }) {
		t.Error("poll = true for a condition never true")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if poll(ctx, time.Minute, time.Millisecond, func() bool { return false }) {
		t.Error("poll = true after its context ended")
	}
}

func TestBaseEnv(t *testing.T) {
	t.Parallel()
	got := baseEnv([]string{"HOME=/root", "PORT=80", "MICRO_LISTEN=tcp://x", "MICRO_ENV=production", "GOPROXY=https://p", "NO_COLOR=", "GOFLAGS=-x"})
	want := []string{"HOME=/root", "GOFLAGS=-x", "NO_COLOR=1", "GOPROXY=off"}
	if !slices.Equal(got, want) {
		t.Errorf("baseEnv = %q, want %q", got, want)
	}
}

func TestSubjectsFor(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile("build")
	tests := []struct {
		name               string
		md, pkgs, air, dly string
		want               []string
		wantErr            bool
	}{
		{"nothing", "", ".", "", "default", nil, true},
		{"micro-dev two packages", "/bin/micro-dev", ".,./main", "", "default", []string{"micro-dev .", "micro-dev ./main"}, false},
		{"air delays", "", ".", "/bin/air", "default, 100", []string{"air", "air delay=100ms"}, false},
		{"bad delay", "", ".", "/bin/air", "fast", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ss, err := subjectsFor(tt.md, tt.pkgs, re, tt.air, tt.dly)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			var names []string
			for _, s := range ss {
				names = append(names, s.name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("subjects %q, want %q", names, tt.want)
			}
		})
	}
}

func TestPhaseTimes(t *testing.T) {
	t.Parallel()
	l := &lineLog{}
	for _, s := range []string{"✓ ready (built in 30.2s, started in 12ms)", "↻ version.go changed",
		"✓ reloaded (built in 400ms, started in 10ms)", "✓ reloaded (built in 12.5s, started in 30ms)",
		"✓ reloaded (built in 600ms, started in 20ms)"} {
		l.Write([]byte(s + "\n"))
	}
	built, started := phaseTimes(l.findAll(microDevPhasesRE))
	if built.N != 3 || built.Median != 600*time.Millisecond || built.Max != 12500*time.Millisecond {
		t.Errorf("built = %+v, want 3 reloads (the first build is no reload), median 600ms, max 12.5s", built)
	}
	if started.Median != 20*time.Millisecond {
		t.Errorf("started median = %v, want 20ms", started.Median)
	}
}
