package watcher

import (
	"context"
	"testing"
	"time"
)

// TestPollSchedule drives poll by hand: the build's files are looked at
// every interval, the rest in a sweep whose period doubles while idle up
// to its bound and drops back to the interval on a change.
func TestPollSchedule(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	const interval = 100 * time.Millisecond
	w, err := New(context.Background(), Config{Dir: root, Packages: []string{"./a"}, Extra: []string{root + "/web"}, Poll: true, Interval: interval})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	h := &harness{t: t, root: root, w: w}
	sweep := func() {
		w.nextSweep = time.Time{}
		w.poll()
	}
	sweep()
	if len(w.pending) != 0 {
		t.Fatalf("the first poll queued %v", w.pending)
	}
	want := 2 * interval
	for range 5 {
		sweep()
		if w.sweepEvery != want {
			t.Fatalf("idle sweep period = %v, want %v", w.sweepEvery, want)
		}
		want = min(2*want, w.maxSweep())
	}
	if w.sweepEvery != w.maxSweep() {
		t.Fatalf("sweep period = %v after idle sweeps, want the bound %v", w.sweepEvery, w.maxSweep())
	}

	h.bump("web/index.html")
	h.write("web/sub/new.html", "<p>new</p>\n")
	h.bumpA(false)
	w.poll() // a tick, not a sweep
	if !w.pending[h.path("a/a.go")] {
		t.Error("a tick did not look at a file of the build")
	}
	if w.pending[h.path("web/index.html")] || w.pending[h.path("web/sub/new.html")] {
		t.Error("a tick looked at files below an Extra path, which wait for the sweep")
	}
	if w.sweepEvery != interval {
		t.Errorf("sweep period = %v after a change, want the interval %v", w.sweepEvery, interval)
	}
	sweep()
	for _, rel := range []string{"web/index.html", "web/sub/new.html"} {
		if !w.pending[h.path(rel)] {
			t.Errorf("the sweep did not queue %s", rel)
		}
	}
}
