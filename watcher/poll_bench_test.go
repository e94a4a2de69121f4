package watcher

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// bigTree adds dirs×files small files to the fixture, in web/, which the
// benchmarks watch as an Extra path (micro-dev -L -w web). Everything is
// dated an hour ago, as an idle tree is: nothing is too recent to trust.
func bigTree(b *testing.B, dirs, files int) string {
	b.Helper()
	root := fixture(b)
	for d := range dirs {
		for f := range files {
			mustWrite(b, filepath.Join(root, "web", fmt.Sprintf("d%03d", d), fmt.Sprintf("f%03d.html", f)), "<p>x</p>\n")
		}
	}
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		b.Fatal(err)
	}
	return root
}

// BenchmarkPollIdle measures one poll of a tree of 20,000 files where
// nothing changes: a tick, which looks at the build's files, and a sweep,
// which looks at everything.
func BenchmarkPollIdle(b *testing.B) {
	root := bigTree(b, 200, 100)
	for _, sweep := range []bool{false, true} {
		b.Run(fmt.Sprintf("sweep=%v", sweep), func(b *testing.B) {
			w, err := New(context.Background(), Config{Dir: root, Packages: []string{"./a"}, Extra: []string{filepath.Join(root, "web")}, Poll: true})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			w.poll() // the first poll reads every directory
			b.ReportAllocs()
			for b.Loop() {
				if sweep {
					w.nextSweep = time.Time{}
				}
				w.poll()
			}
			if len(w.pending) != 0 {
				b.Fatalf("an idle poll found %d changes", len(w.pending))
			}
		})
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
