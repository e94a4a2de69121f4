// Package tempdir makes temporary directories that a killed process does
// not leave behind for long.
//
// Each directory holds an owner file that its process keeps locked while
// it lives; the kernel releases the lock however the process ends, SIGKILL
// included. [New] first removes the directories of the same prefix whose
// owner is gone (once per process and prefix), then makes a new one.
package tempdir

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// ownerFile, in each directory, is locked by the owning process and holds
// its pid, for a human who looks.
const ownerFile = ".owner"

// Dir is a temporary directory owned by this process.
type Dir struct {
	path  string
	owner *os.File

	once sync.Once
	err  error
}

// swept records the parent/prefix pairs already swept by this process.
var swept sync.Map

// New makes a directory in parent (os.TempDir() when empty) named prefix
// and a random number, as os.MkdirTemp(parent, prefix+"*") does, after
// removing what killed processes left under the same prefix.
func New(parent, prefix string) (*Dir, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	if _, done := swept.LoadOrStore(filepath.Join(parent, prefix), true); !done {
		Sweep(parent, prefix)
	}
	path, err := os.MkdirTemp(parent, prefix+"*")
	if err != nil {
		return nil, fmt.Errorf("create a temporary directory: %w", err)
	}
	owner, err := own(filepath.Join(path, ownerFile))
	if err != nil {
		os.RemoveAll(path)
		return nil, fmt.Errorf("create a temporary directory: %w", err)
	}
	return &Dir{path: path, owner: owner}, nil
}

// own creates the owner file, locks it, and only then writes our pid: an
// unlocked owner file that is empty is one being created, not a dead one.
func own(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.WriteString(strconv.Itoa(os.Getpid()) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// Remove removes the directory and everything in it. It is idempotent.
func (d *Dir) Remove() error {
	d.once.Do(func() {
		if unlockBeforeRemove {
			d.owner.Close()
		}
		d.err = os.RemoveAll(d.path)
		d.owner.Close()
	})
	return d.err
}

// Sweep removes the directories in parent named prefix and a number whose
// owner has ended. Directories without an owner file are not ours to judge
// and are left alone. It is best effort: errors are ignored.
func Sweep(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() || !allDigits(rest) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if stale(filepath.Join(dir, ownerFile)) {
			os.RemoveAll(dir)
		}
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
