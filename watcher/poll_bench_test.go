package watcher

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// bigTree adds dirs×files small files to the fixture, in web/, which the
// benchmarks watch as an Extra path (micro-dev -L -w web).
func bigTree(b *testing.B, dirs, files int) string {
	b.Helper()
	root := fixture(b)
	for d := range dirs {
		for f := range files {
			mustWrite(b, filepath.Join(root, "web", fmt.Sprintf("d%03d", d), fmt.Sprintf("f%03d.html", f)), "<p>x</p>\n")
		}
	}
	return root
}

// BenchmarkPollIdle measures one poll of a tree of 20,000 files where
// nothing changes: what polling costs at idle, per interval.
func BenchmarkPollIdle(b *testing.B) {
	root := bigTree(b, 200, 100)
	w, err := New(context.Background(), Config{Dir: root, Packages: []string{"./a"}, Extra: []string{filepath.Join(root, "web")}, Poll: true})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	w.poll() // the first poll may hash racy files
	b.ReportAllocs()
	for b.Loop() {
		w.poll()
	}
	if len(w.pending) != 0 {
		b.Fatalf("an idle poll found %d changes", len(w.pending))
	}
}

// BenchmarkPollIdleCPU runs a polling Watcher on a tree of 20,000 files
// for a window of 5s in which nothing changes, and reports the CPU time
// the process spent in it as a percentage of one core.
func BenchmarkPollIdleCPU(b *testing.B) {
	root := bigTree(b, 200, 100)
	const window = 5 * time.Second
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		w, err := New(ctx, Config{Dir: root, Packages: []string{"./a"}, Extra: []string{filepath.Join(root, "web")}, Poll: true})
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		time.Sleep(window) // a measurement window, not a wait for a condition
		before := cpuTime(b)
		time.Sleep(window)
		used := cpuTime(b) - before
		cancel()
		<-done
		b.ReportMetric(100*used.Seconds()/window.Seconds(), "cpu%")
	}
}
