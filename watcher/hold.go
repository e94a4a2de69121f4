package watcher

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// Commands that run before each build (code generators) write files of
// the build while it is under way. Hold and Absorb make those writes part
// of that build: between the two, changes of build files are kept back,
// and Absorb takes in what was written without reporting it. Changes of
// other files (below Extra paths: a generator's sources) are still
// delivered, so that a save during the commands runs them again.

// holdReq is a Hold or an Absorb, served by Run's goroutine.
type holdReq struct {
	absorb bool
	reply  chan bool // Absorb: whether a build file changed
}

// errStopped is returned by Hold and Absorb once Run has returned.
var errStopped = errors.New("watcher: stopped")

// Hold keeps changes of the build's files back until Absorb. It returns
// once Run holds them, or with an error when ctx ends or Run has returned
// (or never started: Run serves the request). Hold while holding is a
// no-op.
func (w *Watcher) Hold(ctx context.Context) error {
	_, err := w.ask(ctx, holdReq{})
	return err
}

// Absorb ends a Hold: the build's files, and the new Go files of its
// package directories, are hashed again and taken as they are now; the
// changes of build files seen since Hold are dropped instead of delivered,
// since the build that follows reads them. It reports whether any build
// file changed since the previous Absorb (or since New): the edits that
// were delivered as well as what the commands wrote. Without a Hold it
// only reports.
func (w *Watcher) Absorb(ctx context.Context) (changed bool, err error) {
	return w.ask(ctx, holdReq{absorb: true})
}

func (w *Watcher) ask(ctx context.Context, req holdReq) (bool, error) {
	req.reply = make(chan bool, 1)
	select {
	case w.holds <- req:
	case <-w.ended:
		return false, errStopped
	case <-ctx.Done():
		return false, ctx.Err()
	}
	// Run replies before serving anything else.
	return <-req.reply, nil
}

// hold serves one request in Run's goroutine.
func (w *Watcher) hold(req holdReq) {
	if !req.absorb {
		w.held = true
		req.reply <- false
		return
	}
	w.rehash()
	if w.held {
		for p := range w.outbox {
			if w.isBuildPath(p) {
				delete(w.outbox, p)
			}
		}
		w.msg = Change{}
		w.updateMsg()
		w.held = false
	}
	changed := w.buildDirty
	w.buildDirty = false
	req.reply <- changed
}

// rehash queues every build file and every file of the package
// directories, and flushes at once: events of the commands' writes may
// not have arrived yet.
func (w *Watcher) rehash() {
	for f := range w.build.files {
		w.pending[f] = true
	}
	for d := range w.build.pkgDirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if !e.IsDir() {
				w.pending[filepath.Join(d, e.Name())] = true
			}
		}
	}
	w.flush()
}

func (w *Watcher) isBuildPath(p string) bool {
	k := w.classify(p)
	return k == buildFile || k == newBuildFile
}

// heldMsg is the part of the outbox that is delivered during a Hold.
func (w *Watcher) heldMsg() Change {
	var ps []string
	for p := range w.outbox {
		if !w.isBuildPath(p) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return Change{Paths: ps}
}

// sent clears what msg delivered from the outbox.
func (w *Watcher) sent(msg Change) {
	if !w.held {
		clear(w.outbox)
		w.msg = Change{}
		return
	}
	for _, p := range msg.Paths {
		delete(w.outbox, p)
	}
	w.msg = Change{}
	if len(w.outbox) > 0 {
		w.msg = Change{Paths: slices.Sorted(maps.Keys(w.outbox))}
	}
}
