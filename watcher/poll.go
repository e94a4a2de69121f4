package watcher

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// poll is the stat-based stand-in for fsnotify: files whose size or
// modification time changed (or that were hashed too soon after a write to
// trust an unchanged time) are queued, as are new files in the watched
// directories; new directories below Extra paths are read in the same poll.
func (w *Watcher) poll() {
	if w.git.revalidate() {
		w.gitignoreChanged()
	}
	for p, st := range w.state {
		fi, err := os.Stat(p)
		s := snapOf(fi, err)
		if w.pending[p] {
			// Waiting for the debounce: only a new write puts it off, as an
			// event would.
			if w.polled[p] != s {
				w.polled[p] = s
				w.touch(p)
			}
			continue
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
	queue := make([]string, 0, len(w.walked))
	for d := range w.wantDirs() {
		queue = append(queue, d)
	}
	for len(queue) > 0 {
		d := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		entries, err := os.ReadDir(d)
		if err != nil {
			if _, ok := w.walked[d]; ok && errors.Is(err, fs.ErrNotExist) {
				delete(w.walked, d)
			}
			continue
		}
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if e.IsDir() {
				if _, ok := w.walked[p]; !ok {
					if anchor, ok := w.wantWalk(p); ok {
						w.walked[p] = anchor
						queue = append(queue, p)
					}
				}
				continue
			}
			if _, ok := w.state[p]; ok {
				continue
			}
			if !w.pending[p] {
				w.touch(p)
				if w.pending[p] {
					w.polled[p] = snap(p)
				}
			} else if s := snap(p); w.polled[p] != s {
				w.polled[p] = s
				w.touch(p)
			}
		}
	}
}
