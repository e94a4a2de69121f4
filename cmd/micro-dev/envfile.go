package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// envFile is the env file the program starts with (-d, or .env when
// present), read again when it changes. The default .env is watched also
// while it does not exist: one created later, or removed, restarts the
// program with its variables, or none.
type envFile struct {
	name  string // as given, for the terminal
	path  string // absolute
	named bool   // given with -d: it must exist

	mu      sync.Mutex
	vars    []string
	present bool // the file was there when last read
}

func openEnvFile(o *options) (*envFile, error) {
	name, named := ".env", false
	if o.dotenv != "" {
		name, named = o.dotenv, true
	}
	vars, err := loadDotenv(name, named)
	if err != nil {
		return nil, err
	}
	path, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(path)
	return &envFile{name: name, path: path, named: named, vars: vars, present: statErr == nil}, nil
}

// get returns the variables last read.
func (e *envFile) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.vars
}

// reload reads the file again; on an error the old variables stay. The
// default .env removed leaves no variables; a file given with -d must be
// there.
func (e *envFile) reload() error {
	vars, err := loadDotenv(e.path, e.named)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(e.path)
	e.mu.Lock()
	e.vars, e.present = vars, statErr == nil
	e.mu.Unlock()
	return nil
}

// String is the banner's line: "" when no file was loaded.
func (e *envFile) String() string {
	e.mu.Lock()
	present, n := e.present, len(e.vars)
	e.mu.Unlock()
	if !present {
		return ""
	}
	if n == 1 {
		return fmt.Sprintf("%s (1 variable)", e.name)
	}
	return fmt.Sprintf("%s (%d variables)", e.name, n)
}

// envChanges passes the watcher's changes on to the dev server, except a
// change of the env file alone: that restarts the program, without a
// build, with the file's new values. Changes with other files in them
// build, and the child of that build reads the new values too.
func (a *app) envChanges(ctx context.Context, in <-chan watcher.Change, dev *devserver.Server) <-chan watcher.Change {
	out := make(chan watcher.Change)
	go func() {
		defer close(out)
		for {
			var c watcher.Change
			var ok bool
			select {
			case c, ok = <-in:
				if !ok {
					return
				}
			case <-ctx.Done():
				return
			}
			if slices.Contains(c.Paths, a.envFile.path) {
				err := a.envFile.reload()
				if err != nil {
					a.ui.envError(err)
				}
				if len(c.Paths) == 1 {
					if err == nil {
						dev.Restart(c.Paths)
					}
					continue
				}
			}
			select {
			case out <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Restarting and Restarted make ui a devserver.RestartEvents.
func (u *ui) Restarting(changed []string) {
	if len(changed) == 1 && changed[0] == "the crash page" {
		u.printf("%s restarting the program (asked by the crash page)\n", u.dim.Sprint("↻"))
		return
	}
	u.printf("%s %s changed: restarting\n", u.dim.Sprint("↻"), shortList(changed, u.cwd))
}

func (u *ui) Restarted(changed []string, start time.Duration) {
	u.printf("%s restarted %s\n", u.green.Sprint("✓"), u.dim.Sprintf("(no build, started in %s)", ms(start)))
}

func (u *ui) envError(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	u.red.Fprintf(u.errw, "✗ %v: the program keeps the values it has; fix the file to restart it\n", err)
}
