package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/internal/proc"
	"github.com/seed-1b2dc2de/micro/runner"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// maxCommandLines is how many last lines of a failed --before command its
// page shows.
const maxCommandLines = 200

// before runs the --before commands ahead of each build, and tells the
// build whether there is anything new to compile.
type before struct {
	cmds []string
	dir  string   // the module root
	env  []string // the child's environment
	out  io.Writer

	// w is set once the watcher exists (nil under --cold): the commands'
	// writes are absorbed into the build that runs them.
	w *watcher.Watcher
	// turn is held from the commands to the watcher's Absorb: an abandoned
	// run ends before the next one holds the watcher.
	turn chan struct{}

	mu    sync.Mutex
	stale bool // a file of the build changed since a build was shown
	// A --before command that writes a file under a --watch path on every
	// run starts the next build itself, moments after it ends, and that
	// build cuts the last one short: nothing is ever served. cuts counts
	// such builds in a row; lastSeen is the change that started the last
	// build, ran when the commands last ended, open whether that build
	// has had no outcome yet.
	cuts     int
	lastSeen []string
	ran      time.Time
	open     bool
	written  []string             // the files of a loop, once found
	warn     func(files []string) // tells the terminal; nil: nobody
}

// A loop is loopCuts builds in a row, each cut short by a change of the
// same files within loopGap of the commands' end: a person does not save
// that fast, that often.
const (
	loopCuts = 10
	loopGap  = 250 * time.Millisecond
)

func newBefore(cmds []string, dir string, env []string, out io.Writer) *before {
	return &before{cmds: cmds, dir: dir, env: env, out: out, turn: make(chan struct{}, 1), stale: true}
}

// run runs the commands in order. It returns devserver.ErrUnchanged when
// they turned the save into no change of the build's files (the build is
// skipped), a *devserver.CommandError when one failed, ctx.Err() when a
// newer save abandoned the build.
func (b *before) run(ctx context.Context) error {
	select {
	case b.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-b.turn }()
	if b.w != nil {
		if err := b.w.Hold(ctx); err != nil {
			return err
		}
	}
	err := b.commands(ctx)
	b.mu.Lock()
	b.ran = time.Now()
	b.mu.Unlock()
	if b.w != nil {
		// Even when the commands failed or were stopped: what they wrote
		// is what the next build will read.
		changed, aerr := b.w.Absorb(context.WithoutCancel(ctx))
		b.mu.Lock()
		b.stale = b.stale || changed || aerr != nil
		b.mu.Unlock()
	}
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.stale && b.w != nil {
		return devserver.ErrUnchanged
	}
	return nil
}

// building notes a build started by a change of changed, and says once,
// at loopCuts, which files keep cutting builds short: the fix is to
// --ignore what a command writes.
func (b *before) building(changed []string) {
	b.mu.Lock()
	if b.open && len(changed) > 0 && slices.Equal(changed, b.lastSeen) && time.Since(b.ran) < loopGap {
		b.cuts++
	} else {
		b.cuts = 0
	}
	b.lastSeen, b.open = changed, true
	found := b.cuts == loopCuts && b.written == nil
	if found {
		b.written = changed
	}
	b.mu.Unlock()
	if found && b.warn != nil {
		b.warn(changed)
	}
}

// ownWrite reports whether a change is a loop's: only files found to be
// written by the commands, while the build after them is under way or
// within loopGap of their end. Such a change no longer starts a build, so
// that the one under way is served; the same files saved at any other
// time still do.
func (b *before) ownWrite(paths []string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written == nil || !b.open && time.Since(b.ran) >= loopGap {
		return false
	}
	for _, p := range paths {
		if !slices.Contains(b.written, p) {
			return false
		}
	}
	return true
}

// skipOwnWrites passes the watcher's changes on, except a loop's.
func (b *before) skipOwnWrites(ctx context.Context, in <-chan watcher.Change) <-chan watcher.Change {
	out := make(chan watcher.Change)
	go func() {
		defer close(out)
		for {
			select {
			case c, ok := <-in:
				if !ok {
					return
				}
				if b.ownWrite(c.Paths) {
					continue
				}
				select {
				case out <- c:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// outcome notes that the last build was served, failed or built nothing.
func (b *before) outcome() {
	b.mu.Lock()
	b.open = false
	b.mu.Unlock()
}

// shown says that a build's outcome (served, or its compile errors) is
// what the browser shows: until a file of the build changes, there is
// nothing new to build.
func (b *before) shown() {
	b.mu.Lock()
	b.stale = false
	b.mu.Unlock()
}

// commands runs each command with sh -c in the module root, in its own
// process group, its output on the terminal and kept for the page.
func (b *before) commands(ctx context.Context) error {
	for _, c := range b.cmds {
		tail := &lineTail{max: maxCommandLines}
		w := io.MultiWriter(b.out, tail)
		st, err := proc.Run(ctx, proc.Command{
			Path:   "sh",
			Args:   []string{"-c", c},
			Dir:    b.dir,
			Env:    b.env,
			Stdout: w,
			Stderr: w,
			Grace:  2 * time.Second,
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return &devserver.CommandError{Command: c, Exit: fmt.Sprintf("cannot run sh: %v", err)}
		}
		if !st.Success() {
			return &devserver.CommandError{Command: c, Exit: st.String(), Output: tail.lines()}
		}
	}
	return nil
}

// lineTail keeps the last max lines written to it.
type lineTail struct {
	max     int
	mu      sync.Mutex
	partial string
	done    []string
}

func (t *lineTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.partial + string(p)
	parts := strings.Split(s, "\n")
	t.partial = parts[len(parts)-1]
	t.done = append(t.done, parts[:len(parts)-1]...)
	if over := len(t.done) - t.max; over > 0 {
		t.done = append(t.done[:0], t.done[over:]...)
	}
	return len(p), nil
}

func (t *lineTail) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]string{}, t.done...)
	if t.partial != "" {
		out = append(out, t.partial)
	}
	return out
}

// beforeEvents tells before when a build's outcome is shown, and passes
// every event on to the terminal.
type beforeEvents struct {
	*ui
	b *before
}

func (e beforeEvents) Building(changed []string) {
	e.b.building(changed)
	e.ui.Building(changed)
}

func (e beforeEvents) Unchanged(changed []string) {
	e.b.outcome()
	e.ui.Unchanged(changed)
}

func (e beforeEvents) Served(changed []string, build, start time.Duration) {
	e.b.outcome()
	e.b.shown()
	e.ui.Served(changed, build, start)
}

func (e beforeEvents) BuildFailed(err error, took time.Duration) {
	e.b.outcome()
	var ce *devserver.CommandError
	if !errors.As(err, &ce) {
		e.b.shown() // compile errors: shown until a file changes
	}
	e.ui.BuildFailed(err, took)
}

// Crashed: the program is gone, so the next save builds and starts it
// again even when the commands change nothing.
func (e beforeEvents) Crashed(status string) {
	e.b.mu.Lock()
	e.b.stale = true
	e.b.mu.Unlock()
	e.ui.Crashed(status)
}

// beforeLoop says which files cut build after build short: a --before
// command that writes them starts the next build itself. The -i it
// suggests is relative to the module root, as --ignore globs are, or a
// base name for a file outside the module.
func (u *ui) beforeLoop(files []string, moduleRoot string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	glob := runner.RelPath(moduleRoot, files[0])
	if filepath.IsAbs(glob) { // outside the module: globs match base names too
		glob = filepath.Base(glob)
	}
	glob = filepath.ToSlash(glob)
	u.yellow.Fprintf(u.errw, "! %s changed right after the --before commands, %d builds in a row, cutting each short: such changes are no longer followed; if a command writes it, add -i %s\n",
		shortList(files, u.cwd), loopCuts, glob)
}

// Unchanged: a save that the commands turned into no change of the build.
func (u *ui) Unchanged([]string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	fmt.Fprintf(u.out, "%s nothing to rebuild\n", u.dim.Sprint("="))
}
