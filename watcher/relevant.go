package watcher

import (
	"path"
	"path/filepath"
	"strings"
)

// kind says why a path may trigger a change.
type kind uint8

const (
	irrelevant   kind = iota
	buildFile         // go list says the build reads it
	newBuildFile      // a Go or embeddable file go list has not seen yet
	extraFile         // a file below an Extra path
)

// classify says whether a change of p may matter. Ignore globs win over
// everything; then come the files of the build, files that would join the
// build, and files below the Extra paths.
func (w *Watcher) classify(p string) kind {
	if w.ignored(p) {
		return irrelevant
	}
	if w.build.files[p] {
		return buildFile
	}
	if w.isNewGoFile(p) || w.embedded(p) {
		return newBuildFile
	}
	if w.isExtraFile(p) {
		return extraFile
	}
	return irrelevant
}

// ignored matches the Ignore globs against p and its parent directories
// below the top of its tree, each by slash path relative to the module
// root and by base name. The top itself (the module root, an Extra path)
// is not matched: a glob that happens to match its name would ignore all.
func (w *Watcher) ignored(p string) bool {
	if len(w.cfg.Ignore) == 0 {
		return false
	}
	top := w.top(p)
	for q := p; q == p || within(top, q); q = filepath.Dir(q) {
		rel, err := filepath.Rel(w.root, q)
		if err == nil {
			rel = filepath.ToSlash(rel)
		}
		base := filepath.Base(q)
		for _, g := range w.cfg.Ignore {
			if ok, _ := path.Match(g, base); ok {
				return true
			}
			if ok, _ := path.Match(g, rel); ok && err == nil {
				return true
			}
		}
	}
	return false
}

// top returns the directory p's tree starts at: the module root, or else
// the outermost workspace module or Extra path holding p, or else p's
// directory. .gitignore files and Ignore globs apply from there down.
func (w *Watcher) top(p string) string {
	if within(w.root, p) {
		return w.root
	}
	best := ""
	for _, list := range [][]string{w.build.modRoots, w.extra} {
		for _, r := range list {
			if within(r, p) && (best == "" || len(r) < len(best)) {
				best = r
			}
		}
	}
	if best == "" {
		return filepath.Dir(p)
	}
	return best
}

// isNewGoFile reports whether p is a Go file in the directory of a package
// of the build that go list did not list (it was created since).
func (w *Watcher) isNewGoFile(p string) bool {
	base := filepath.Base(p)
	return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") &&
		base[0] != '.' && base[0] != '_' &&
		w.build.pkgDirs[filepath.Dir(p)] && !w.build.ignoredGo[p]
}

// embedded reports whether p (a file or a directory) is matched by a
// //go:embed pattern, as go would match it: by the pattern itself, or by
// being inside a directory the pattern names, where names starting with "."
// or "_" are left out unless the pattern starts with "all:".
func (w *Watcher) embedded(p string) bool {
	if isEditorFile(filepath.Base(p)) {
		return false
	}
	for _, r := range w.build.embeds {
		if !within(r.dir, p) || r.dir == p {
			continue
		}
		rel, err := filepath.Rel(r.dir, p)
		if err != nil {
			continue
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for _, pat := range r.patterns {
			all := strings.HasPrefix(pat, "all:")
			pat = strings.TrimPrefix(pat, "all:")
			for i := 1; i <= len(parts); i++ {
				if ok, _ := path.Match(pat, strings.Join(parts[:i], "/")); !ok {
					continue
				}
				if all || !hiddenName(parts[i:]) {
					return true
				}
			}
		}
	}
	return false
}

func hiddenName(parts []string) bool {
	for _, s := range parts {
		if s != "" && (s[0] == '.' || s[0] == '_') {
			return true
		}
	}
	return false
}

// extraRoot returns the Extra path holding p, or "".
func (w *Watcher) extraRoot(p string) string {
	for _, e := range w.extra {
		if p == e || within(e, p) {
			return e
		}
	}
	return ""
}

// isExtraFile reports whether p is an Extra path itself, or a file below
// one that is not a test, not in testdata/ or .git/, not an editor's
// temporary file and not excluded by .gitignore.
func (w *Watcher) isExtraFile(p string) bool {
	e := w.extraRoot(p)
	if e == "" {
		return false
	}
	if p == e {
		return true
	}
	base := filepath.Base(p)
	if strings.HasSuffix(base, "_test.go") || isEditorFile(base) || base == ".gitignore" {
		return false
	}
	return w.extraDirOK(e, filepath.Dir(p)) && !w.git.ignored(w.top(p), p, false)
}

// extraDirOK reports whether the directories from below the Extra path e
// down to d are to be watched: not .git, not testdata, not ignored.
func (w *Watcher) extraDirOK(e, d string) bool {
	for q := d; q != e && within(e, q); q = filepath.Dir(q) {
		if b := filepath.Base(q); b == ".git" || b == "testdata" {
			return false
		}
	}
	if d == e {
		return true
	}
	top := w.top(d)
	for q := d; q != e && within(e, q); q = filepath.Dir(q) {
		if w.ignored(q) || w.git.ignored(top, q, true) {
			return false
		}
	}
	return true
}

// isEditorFile recognises the temporary, swap and backup files editors
// write beside the file they save: vim (.x.swp, x~, 4913), emacs (.#x,
// #x#) and JetBrains (x___jb_tmp___, x___jb_old___).
func isEditorFile(base string) bool {
	switch {
	case strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, ".#"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"):
		return true
	case strings.HasPrefix(base, ".") && len(base) > 4 && base[len(base)-4:len(base)-1] == ".sw":
		return true
	}
	return base != "" && strings.Trim(base, "0123456789") == ""
}

// within reports whether p is strictly inside the directory dir.
func within(dir, p string) bool {
	return len(p) > len(dir) && strings.HasPrefix(p, dir) &&
		(p[len(dir)] == filepath.Separator || strings.HasSuffix(dir, string(filepath.Separator)))
}
