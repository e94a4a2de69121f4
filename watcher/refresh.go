package watcher

import (
	"context"
	"os"
	"time"
)

// refreshSlack widens the time from which files that join the build are
// taken as changed, for the coarse clock file systems stamp writes with.
const refreshSlack = 50 * time.Millisecond

type refreshResult struct {
	l       *listing
	err     error
	from    time.Time           // when the change that asked for the refresh was seen
	started time.Time           // when go list started
	before  map[string]statSnap // the build files as go list was about to read them
}

// statSnap is what stat says of a file, to tell whether it was written
// while go list ran.
type statSnap struct {
	exists bool
	size   int64
	mtime  time.Time
}

func snap(p string) statSnap {
	return snapOf(os.Stat(p))
}

func snapOf(fi os.FileInfo, err error) statSnap {
	if err != nil || fi.IsDir() {
		return statSnap{}
	}
	return statSnap{exists: true, size: fi.Size(), mtime: fi.ModTime()}
}

// startRefresh runs go list in a goroutine that ends with ctx or the
// returned cancel, and always delivers one result to done.
func (w *Watcher) startRefresh(ctx context.Context, done chan<- refreshResult) context.CancelFunc {
	w.needRefresh = false
	w.refreshes.Add(1)
	r := refreshResult{from: w.refreshFrom, before: map[string]statSnap{}}
	for f := range w.build.files {
		r.before[f] = snap(f)
	}
	r.started = time.Now()
	ctx, cancel := context.WithCancel(ctx)
	dir, pkgs, env, flags := w.cfg.Dir, w.cfg.Packages, w.cfg.Env, w.cfg.BuildFlags
	go func() {
		r.l, r.err = goList(ctx, dir, pkgs, env, flags)
		done <- r
	}()
	return cancel
}

// applyRefresh takes the file set of a go list run. Files that join the
// build are hashed as they are now; those written since the change that
// asked for the refresh count as changed, since the build that change
// started may have read them before the write. When a file was written
// while go list ran, go list may have read half of it (an editor that
// truncates, then writes): it runs again.
func (w *Watcher) applyRefresh(r refreshResult) {
	defer w.applied.Add(1)
	stale := false
	for f, s := range r.before {
		if snap(f) != s {
			stale = true
			break
		}
	}
	if stale {
		if !w.needRefresh {
			w.refreshFrom = r.from
		}
		w.needRefresh = true
	}
	if r.err != nil {
		// Most likely go.mod does not parse; keep the files known until an
		// edit fixes it.
		return
	}
	w.build = r.l
	for d := range w.walked {
		if _, ok := w.wantWalk(d); !ok {
			delete(w.walked, d)
		}
	}
	_ = w.reconcile(true)
	w.forgetDirs()
	since := r.from.Add(-refreshSlack)
	for f := range r.l.files {
		if _, ok := w.state[f]; ok {
			continue
		}
		w.baseline(f)
		st, ok := w.state[f]
		if !ok || !st.exists {
			continue
		}
		if !st.mtime.Before(since) {
			w.outbox[f] = true
		}
		if st.mtime.After(r.started) && !w.needRefresh {
			w.refreshFrom = r.from
			w.needRefresh = true
		}
	}
	for p := range w.state {
		if w.classify(p) == irrelevant {
			delete(w.state, p)
		}
	}
	w.updateMsg()
	w.publishFiles()
}
