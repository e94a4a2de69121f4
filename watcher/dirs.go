package watcher

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// wantDirs returns the directories to watch: those of the build files and
// packages, of the Extra paths and what was found below them, each with
// the directories from its anchor (module root, Extra path) down, so that a
// directory removed and created again is seen coming back. A missing anchor
// is replaced by its nearest existing parent.
func (w *Watcher) wantDirs() map[string]bool { return w.wantDirsOf(true) }

// wantDirsOf returns the directories to watch; with extra false only those
// of the build, without the Extra paths and what was found below them.
func (w *Watcher) wantDirsOf(extra bool) map[string]bool {
	want := map[string]bool{}
	isDir := map[string]bool{}
	exists := func(d string) bool {
		ok, seen := isDir[d]
		if !seen {
			fi, err := os.Stat(d)
			ok = err == nil && fi.IsDir()
			isDir[d] = ok
		}
		return ok
	}
	add := func(d, anchor string) {
		for q := d; ; q = filepath.Dir(q) {
			want[q] = true
			if q == anchor || !within(anchor, q) {
				break
			}
		}
		if exists(anchor) {
			return
		}
		for q := filepath.Dir(anchor); ; q = filepath.Dir(q) {
			if exists(q) || q == filepath.Dir(q) {
				want[q] = true
				return
			}
		}
	}
	for d, anchor := range w.build.dirs {
		add(d, anchor)
	}
	if !extra {
		return want
	}
	for d, anchor := range w.walked {
		add(d, anchor)
	}
	for _, e := range w.extra {
		if fi, err := os.Stat(e); err == nil && !fi.IsDir() {
			add(filepath.Dir(e), filepath.Dir(e))
		} else {
			add(e, e)
		}
	}
	return want
}

// wantWalk reports whether the directory d is to be watched although go
// list did not name it: below an Extra path, or embedded by a pattern that
// names a directory. It returns the anchor to watch it from.
func (w *Watcher) wantWalk(d string) (anchor string, ok bool) {
	if w.ignored(d) {
		return "", false
	}
	if e := w.extraRoot(d); e != "" && e != d && w.extraDirOK(e, d) {
		return e, true
	}
	if r := w.embedDir(d); r != "" {
		return r, true
	}
	return "", false
}

// embedDir returns the package directory whose //go:embed patterns cover
// the directory d, or "".
func (w *Watcher) embedDir(d string) string {
	if !w.embedded(d) {
		return ""
	}
	for _, r := range w.build.embeds {
		if within(r.dir, d) {
			return r.dir
		}
	}
	return ""
}

// reconcile adds and removes fsnotify watches until they match wantDirs.
// A directory that starts being watched is read: with mark, its files are
// queued for the next flush, since they may have been written before the
// watch existed; its subdirectories may be wanted too. It returns the
// first error of fsnotify, for New.
func (w *Watcher) reconcile(mark bool) error {
	if w.fsw == nil {
		return nil
	}
	var first error
	for {
		want := w.wantDirs()
		for d := range w.watched {
			if !want[d] {
				_ = w.fsw.Remove(d)
				delete(w.watched, d)
			}
		}
		var added []string
		for d := range want {
			if w.watched[d] {
				continue
			}
			if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
				continue
			}
			if err := w.fsw.Add(d); err != nil {
				if first == nil {
					first = fmt.Errorf("cannot watch %s (too many directories? raise fs.inotify.max_user_watches, or poll): %w", d, err)
				}
				continue
			}
			w.watched[d] = true
			added = append(added, d)
		}
		if len(added) == 0 {
			return first
		}
		for _, d := range added {
			w.scanDir(d, mark)
		}
	}
}

// scanDir reads the directory d: subdirectories to walk are remembered,
// files are queued when mark is set.
func (w *Watcher) scanDir(d string, mark bool) {
	entries, err := os.ReadDir(d)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(d, e.Name())
		if e.IsDir() {
			if _, ok := w.walked[p]; !ok {
				if anchor, ok := w.wantWalk(p); ok {
					w.walked[p] = anchor
				}
			}
			continue
		}
		if mark {
			w.touch(p)
		}
	}
}

// baselineAll records the state of every file that may trigger, in the
// directories that are watched, without reporting changes.
func (w *Watcher) baselineAll() {
	for f := range w.build.files {
		w.baseline(f)
	}
	for d := range w.wantDirs() {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if _, ok := w.state[p]; !ok && !e.IsDir() {
				w.baseline(p)
			}
		}
	}
}

// walkExtra remembers the directories below the Extra path e.
func (w *Watcher) walkExtra(e string) {
	_ = filepath.WalkDir(e, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == e {
			return nil
		}
		anchor, ok := w.wantWalk(p)
		if !ok {
			return filepath.SkipDir
		}
		w.walked[p] = anchor
		return nil
	})
}

// gone handles the removal or renaming of p. When p is a watched directory
// the watches below it are dropped (a renamed directory keeps its inotify
// watch under a stale name) and the files tracked below it are queued: a
// directory moved away sends no events for its files.
func (w *Watcher) gone(p string) {
	hit := false
	for d := range w.watched {
		if d == p || within(p, d) {
			_ = w.fsw.Remove(d)
			delete(w.watched, d)
			hit = true
		}
	}
	if !hit {
		return
	}
	for d := range w.walked {
		if d == p || within(p, d) {
			delete(w.walked, d)
		}
	}
	for f := range w.state {
		if within(p, f) {
			w.touch(f)
		}
	}
	_ = w.reconcile(true)
}

// dirCreated handles a new directory: it may be one the build needs back
// (git checkout, rm -rf && cp -r), a new one below an Extra path, or none
// of these.
func (w *Watcher) dirCreated(d string) {
	if _, ok := w.walked[d]; !ok {
		if anchor, ok := w.wantWalk(d); ok {
			w.walked[d] = anchor
		}
	}
	for f := range w.state {
		if within(d, f) {
			w.touch(f)
		}
	}
	_ = w.reconcile(true)
}

// rescan looks at everything again, after the kernel dropped events.
func (w *Watcher) rescan() {
	for f := range w.state {
		w.touch(f)
	}
	for d := range w.watched {
		w.scanDir(d, true)
	}
	_ = w.reconcile(true)
}

// gitignoreChanged applies a .gitignore file written or removed while
// watching: directories it now excludes are no longer watched, those it
// no longer excludes are, and their files count as changed (they may have
// been written before the watch existed).
func (w *Watcher) gitignoreChanged() {
	for d := range w.walked {
		if _, ok := w.wantWalk(d); !ok {
			delete(w.walked, d)
		}
	}
	for _, e := range w.extra {
		w.walkExtra(e)
	}
	_ = w.reconcile(true)
	for p := range w.state {
		if w.classify(p) == irrelevant {
			delete(w.state, p)
		}
	}
	w.forgetDirs()
}
