package watcher

import (
	"os"
	"path/filepath"
	"time"
)

// gitCache holds the parsed .gitignore file of each directory looked at,
// until an event or a poll says it changed.
type gitCache struct {
	dirs map[string]gitEntry
}

type gitEntry struct {
	g      *gitignore // nil when the directory has no .gitignore
	exists bool
	size   int64
	mtime  time.Time
}

func readGitEntry(dir string) gitEntry {
	name := filepath.Join(dir, ".gitignore")
	fi, err := os.Stat(name)
	if err != nil {
		return gitEntry{}
	}
	e := gitEntry{exists: true, size: fi.Size(), mtime: fi.ModTime()}
	if b, err := os.ReadFile(name); err == nil {
		e.g = parseGitignore(string(b))
	}
	return e
}

func (c *gitCache) load(dir string) *gitignore {
	e, ok := c.dirs[dir]
	if !ok {
		e = readGitEntry(dir)
		c.dirs[dir] = e
	}
	return e.g
}

// invalidate forgets the .gitignore of dir: it was written or removed.
func (c *gitCache) invalidate(dir string) { delete(c.dirs, dir) }

// revalidate forgets the .gitignore files that changed since they were
// read, and reports whether there was one; polling has no events to say so.
func (c *gitCache) revalidate() bool {
	changed := false
	for dir, e := range c.dirs {
		fi, err := os.Stat(filepath.Join(dir, ".gitignore"))
		if (err == nil) != e.exists || err == nil && (fi.Size() != e.size || !fi.ModTime().Equal(e.mtime)) {
			delete(c.dirs, dir)
			changed = true
		}
	}
	return changed
}

// ignored reports whether the .gitignore files from top down to the
// directory of p exclude p itself; the caller checks p's parent directories.
// Deeper files and later lines take precedence, as in git.
func (c *gitCache) ignored(top, p string, isDir bool) bool {
	var dirs []string
	for d := filepath.Dir(p); ; d = filepath.Dir(d) {
		dirs = append(dirs, d)
		if d == top || !within(top, d) {
			break
		}
	}
	ign := false
	for i := len(dirs) - 1; i >= 0; i-- {
		g := c.load(dirs[i])
		if g == nil {
			continue
		}
		rel, err := filepath.Rel(dirs[i], p)
		if err != nil {
			continue
		}
		if m, ig := g.match(filepath.ToSlash(rel), isDir); m {
			ign = ig
		}
	}
	return ign
}
