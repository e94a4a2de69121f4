package watcher

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClose checks that Close releases the inotify descriptor of a
// Watcher whose Run was never called, that a second Close is harmless, and
// that Close ends a running Run with nil. It is not parallel: it counts
// the process's inotify descriptors, which parallel tests would change.
func TestClose(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd to count inotify descriptors with")
	}
	before := inotifyFDs(t)
	w, err := New(context.Background(), Config{Dir: fixture(t), Packages: []string{"./a"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := inotifyFDs(t); n != before+1 {
		t.Fatalf("New opened %d inotify descriptors, want 1", n-before)
	}
	if err := w.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if n := inotifyFDs(t); n != before {
		t.Errorf("after Close %d inotify descriptors are left open", n-before)
	}

	for _, poll := range []bool{false, true} {
		w, err := New(context.Background(), Config{Dir: fixture(t), Packages: []string{"./a"}, Poll: poll})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- w.Run(context.Background()) }()
		w.Close()
		if err := <-done; err != nil {
			t.Errorf("poll=%v: Run after Close = %v, want nil", poll, err)
		}
		if _, ok := <-w.Changes(); ok {
			t.Errorf("poll=%v: Changes not closed when Run returned", poll)
		}
	}
	if n := inotifyFDs(t); n != before {
		t.Errorf("after Run and Close %d inotify descriptors are left open", n-before)
	}
}

func inotifyFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.Contains(l, "inotify") {
			n++
		}
	}
	return n
}
