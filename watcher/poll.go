package watcher

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// pollState is what polling remembers between polls. Polling looks at
// what can matter most, the files and directories of the build (go list's),
// at every interval. Everything else (the files below Extra paths, which
// may be a whole tree) is looked at in a sweep, whose period doubles while
// nothing changes, up to maxSweep, and drops back to the interval on a
// change. A directory is read only when its modification time says an
// entry was added, removed or renamed in it.
type pollState struct {
	dirs       map[string]dirSnap // directories read, as they were then
	sweepEvery time.Duration      // the period of the sweep now
	nextSweep  time.Time
}

// forgetDirs makes the next polls read every directory again: what
// decides which of their files matter changed (.gitignore, go list).
func (w *Watcher) forgetDirs() { clear(w.dirs) }

// dirSnap is a directory's modification time when it was read, and when
// that was.
type dirSnap struct {
	mtime, read time.Time
}

// fresh reports whether the directory need not be read again: its
// modification time is the same, and was not so close to the read that a
// later change could have left it as it was (coarse timestamps).
func (s dirSnap) fresh(fi os.FileInfo) bool {
	return fi.ModTime().Equal(s.mtime) && s.read.Sub(s.mtime) >= racyWindow
}

// maxSweep bounds the period of the sweep while idle.
func (w *Watcher) maxSweep() time.Duration {
	return max(w.cfg.Interval, min(8*w.cfg.Interval, 2*time.Second))
}

// poll is the stat-based stand-in for fsnotify: files whose size or
// modification time changed (or that were hashed too soon after a write to
// trust an unchanged time) are queued, as are new files in the watched
// directories; new directories below Extra paths are read in the same poll.
func (w *Watcher) poll() {
	now := time.Now()
	sweep := !now.Before(w.nextSweep)
	seen := w.touches
	if sweep && w.git.revalidate() {
		w.gitignoreChanged()
	}
	w.pollFiles(sweep)
	w.pollDirs(sweep)
	switch {
	case w.touches != seen:
		w.sweepEvery = w.cfg.Interval
		w.nextSweep = now.Add(w.sweepEvery)
	case sweep:
		w.sweepEvery = min(max(2*w.sweepEvery, w.cfg.Interval), w.maxSweep())
		w.nextSweep = now.Add(w.sweepEvery)
	}
}

// pollFiles stats the files known: those of the build and those waiting
// for the debounce always, the others in a sweep.
func (w *Watcher) pollFiles(sweep bool) {
	check := func(p string, st fileState) {
		fi, err := os.Stat(p)
		s := snapOf(fi, err)
		if w.pending[p] {
			// Waiting for the debounce: only a new write puts it off, as an
			// event would.
			if w.polled[p] != s {
				w.polled[p] = s
				w.touch(p)
			}
			return
		}
		switch {
		case st.statChanged(fi, err):
			w.polled[p] = s
			w.touch(p)
		case st.racy():
			// Hash now rather than touch: a racy file has most likely not
			// changed, and it stays racy for a while after a write.
			if now := w.readState(p); now.sameContent(st) {
				w.state[p] = now
			} else {
				w.polled[p] = s
				w.touch(p)
			}
		}
	}
	if sweep {
		for p, st := range w.state {
			check(p, st)
		}
	} else {
		for p := range w.build.files {
			if st, ok := w.state[p]; ok {
				check(p, st)
			}
		}
	}
	for p := range w.pending {
		if _, ok := w.state[p]; !ok {
			if s := snap(p); w.polled[p] != s {
				w.polled[p] = s
				w.touch(p)
			}
		}
	}
}

// pollDirs reads the watched directories whose entries changed: those of
// the build always, the others in a sweep. New files are queued, new
// directories below Extra paths read at once.
func (w *Watcher) pollDirs(sweep bool) {
	want := w.wantDirsOf(sweep)
	if sweep {
		for d := range w.dirs {
			if !want[d] {
				delete(w.dirs, d)
			}
		}
	}
	queue := make([]string, 0, len(want))
	for d := range want {
		queue = append(queue, d)
	}
	for len(queue) > 0 {
		d := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			if _, ok := w.walked[d]; ok && errors.Is(err, fs.ErrNotExist) {
				delete(w.walked, d)
			}
			delete(w.dirs, d)
			continue
		}
		if s, ok := w.dirs[d]; ok && s.fresh(fi) {
			continue
		}
		// Stat before reading: an entry added during the read shows as a
		// newer modification time next time.
		w.dirs[d] = dirSnap{mtime: fi.ModTime(), read: time.Now()}
		queue = append(queue, w.readPolledDir(d)...)
	}
}

// readPolledDir queues the new files of the directory d and returns the
// new directories below Extra paths found in it, to read next.
func (w *Watcher) readPolledDir(d string) []string {
	entries, err := os.ReadDir(d)
	if err != nil {
		delete(w.dirs, d)
		return nil
	}
	var more []string
	for _, e := range entries {
		p := filepath.Join(d, e.Name())
		if e.IsDir() {
			if _, ok := w.walked[p]; !ok {
				if anchor, ok := w.wantWalk(p); ok {
					w.walked[p] = anchor
					more = append(more, p)
				}
			}
			continue
		}
		if _, ok := w.state[p]; ok || w.pending[p] {
			continue
		}
		w.touch(p)
		if w.pending[p] {
			w.polled[p] = snap(p)
		}
	}
	return more
}
