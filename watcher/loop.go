package watcher

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// loopState is the part of the Watcher that only Run's goroutine touches
// once Run started.
type loopState struct {
	pending      map[string]bool     // paths to look at when the debounce timer fires
	polled       map[string]statSnap // polling: what stat said of the pending paths
	firstPending time.Time           // when pending became non-empty
	timer        *time.Timer         // the trailing debounce
	outbox       map[string]bool     // changed paths not yet received
	msg          Change              // the outbox as a Change, ready to send
	needRefresh  bool                // the file set may have changed: go list again
	refreshes    atomic.Int64        // go list runs started by Run, for tests
	applied      atomic.Int64        // go list runs whose result Run took, for tests
	refreshFrom  time.Time           // when the earliest change asking for a refresh was seen
	touches      int                 // paths queued so far, for polling to tell an idle poll
	held         bool                // Hold: changes of build files wait for Absorb
	buildDirty   bool                // a build file changed since the last Absorb
	pollState
}

func (w *Watcher) initLoop() {
	w.pending = map[string]bool{}
	w.polled = map[string]statSnap{}
	w.outbox = map[string]bool{}
	w.dirs = map[string]dirSnap{}
	w.timer = time.NewTimer(time.Hour)
	w.timer.Stop()
}

// Run watches until ctx ends, then stops watching, closes the Changes
// channel and returns nil, or the error that stopped it. Run is called
// once; it owns the watcher's state and runs go list in the background
// when the file set may have changed.
func (w *Watcher) Run(ctx context.Context) error {
	if !w.ran.CompareAndSwap(false, true) {
		return errors.New("watcher: Run called twice; it is called once per Watcher")
	}
	defer close(w.ended)
	defer close(w.changes)
	defer w.timer.Stop()
	defer w.Close()
	var events <-chan fsnotify.Event
	var errs <-chan error
	var tick <-chan time.Time
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.cfg.Interval)
		defer t.Stop()
		tick = t.C
	}
	refreshed := make(chan refreshResult, 1)
	var stopRefresh context.CancelFunc // set while go list runs
	defer func() {
		if stopRefresh != nil {
			stopRefresh()
			<-refreshed
		}
	}()
	for {
		if w.needRefresh && stopRefresh == nil {
			stopRefresh = w.startRefresh(ctx, refreshed)
		}
		var out chan<- Change
		msg := w.msg
		if w.held {
			msg = w.heldMsg()
		}
		if len(msg.Paths) > 0 {
			out = w.changes
		}
		select {
		case <-ctx.Done():
			return nil
		case <-w.closed:
			return nil
		case ev, ok := <-events:
			if !ok {
				return w.stopped()
			}
			w.event(ev)
		case err, ok := <-errs:
			if !ok {
				return w.stopped()
			}
			w.fsError(err)
		case <-tick:
			w.poll()
		case <-w.timer.C:
			w.flush()
		case r := <-refreshed:
			stopRefresh()
			stopRefresh = nil
			w.applyRefresh(r)
		case out <- msg:
			w.sent(msg)
		case req := <-w.holds:
			w.hold(req)
		}
	}
}

// fsError handles an error of fsnotify. Those other than an overflow
// concern one watch; the watcher goes on with the rest.
func (w *Watcher) fsError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.rescan()
	}
}

// stopped is what Run returns when fsnotify closed its channels: nil when
// Close closed it.
func (w *Watcher) stopped() error {
	select {
	case <-w.closed:
		return nil
	default:
		return errors.New("watcher: fsnotify stopped delivering events (restart to watch again)")
	}
}

// event handles one fsnotify event. What happened is decided after the
// debounce by hashing, not by the kind of event: editors save in too many
// ways (write, rename over, delete and create).
func (w *Watcher) event(ev fsnotify.Event) {
	p := filepath.Clean(ev.Name)
	if filepath.Base(p) == ".gitignore" {
		w.git.invalidate(filepath.Dir(p))
		w.gitignoreChanged()
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.gone(p)
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			w.dirCreated(p)
			return
		}
	}
	w.touch(p)
}

// maxWait bounds how long a stream of events can put a flush off.
func (w *Watcher) maxWait() time.Duration {
	return max(20*w.cfg.Debounce, 500*time.Millisecond)
}

// touch queues p for the next flush if it may matter and restarts the
// debounce timer.
func (w *Watcher) touch(p string) {
	if w.classify(p) == irrelevant {
		return
	}
	now := time.Now()
	if len(w.pending) == 0 {
		w.firstPending = now
	}
	w.pending[p] = true
	w.touches++
	d := min(w.cfg.Debounce, w.firstPending.Add(w.maxWait()).Sub(now))
	w.timer.Reset(max(d, 0))
}

// flush hashes the pending paths and moves those whose content changed to
// the outbox.
func (w *Watcher) flush() {
	now := time.Now()
	refresh, filesChanged := false, false
	for p := range w.pending {
		k := w.classify(p)
		if k == irrelevant {
			continue
		}
		st := w.readState(p)
		old := w.state[p]
		w.state[p] = st
		if old.sameContent(st) {
			continue
		}
		w.outbox[p] = true
		if k == newBuildFile || k == buildFile && (isModFile(p) ||
			filepath.Ext(p) == ".go" && (old.exists != st.exists || old.header != st.header)) {
			refresh = true
		}
		if k == buildFile && old.exists != st.exists {
			filesChanged = true
		}
		if k == buildFile || k == newBuildFile {
			w.buildDirty = true
		}
	}
	clear(w.pending)
	clear(w.polled)
	w.updateMsg()
	if refresh {
		if !w.needRefresh {
			w.refreshFrom = now
		}
		w.needRefresh = true
	}
	if filesChanged {
		w.publishFiles()
	}
}

func isModFile(p string) bool {
	switch filepath.Base(p) {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	return false
}

func (w *Watcher) updateMsg() {
	if len(w.outbox) > 0 {
		w.msg = Change{Paths: slices.Sorted(maps.Keys(w.outbox))}
	}
}
