package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/internal/proc"
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

// Unchanged: a save that the commands turned into no change of the build.
func (u *ui) Unchanged([]string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	fmt.Fprintf(u.out, "%s nothing to rebuild\n", u.dim.Sprint("="))
}
