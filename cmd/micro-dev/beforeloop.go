package main

import (
	"context"
	"path/filepath"
	"slices"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// A loop is loopCuts builds in a row, each cut short by a change of the
// same files within loopGap of the commands' end: a person does not save
// that fast, that often.
const (
	loopCuts = 10
	loopGap  = 250 * time.Millisecond
)

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
