package watcher

import (
	"path"
	"strings"
)

// gitignore is the parsed content of one .gitignore file. It implements the
// subset of gitignore(5) that matters for deciding what a --watch path
// holds: blank and comment lines, "!" negation, a trailing "/" for
// directories only, patterns anchored by a leading or inner "/", and the
// globs "*", "?", "[...]" and "**". Global excludes, .git/info/exclude and
// the finer points of escaping are left out.
type gitignore struct {
	rules []gitRule
}

type gitRule struct {
	segs     []string // pattern split at "/"; "**" segments match any number of directories
	negate   bool     // "!pattern": re-include what an earlier rule excluded
	dirOnly  bool     // "pattern/": matches directories only
	anchored bool     // pattern holds a "/": matched against the whole relative path
}

// parseGitignore parses the text of a .gitignore file.
func parseGitignore(text string) *gitignore {
	g := &gitignore{}
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		line = trimTrailingSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		var r gitRule
		if line[0] == '!' {
			r.negate = true
			line = line[1:]
		} else if line[0] == '\\' && len(line) > 1 && (line[1] == '#' || line[1] == '!') {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		if strings.Contains(line, "/") {
			r.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		r.segs = strings.Split(line, "/")
		g.rules = append(g.rules, r)
	}
	return g
}

// trimTrailingSpace drops trailing spaces unless they are escaped with a
// backslash, as git does.
func trimTrailingSpace(s string) string {
	for strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\\ ") {
		s = s[:len(s)-1]
	}
	return s
}

// match reports whether rel, a slash path relative to the directory of the
// .gitignore file, is matched by one of its rules, and if so whether the
// last matching rule excludes it (ignored) or re-includes it (!ignored).
// It looks at rel alone: the caller checks the parent directories first,
// because git never re-includes a file whose directory is excluded.
func (g *gitignore) match(rel string, isDir bool) (matched, ignored bool) {
	parts := strings.Split(rel, "/")
	for i := len(g.rules) - 1; i >= 0; i-- {
		r := &g.rules[i]
		if r.dirOnly && !isDir {
			continue
		}
		var ok bool
		if r.anchored {
			ok = matchSegs(r.segs, parts)
		} else {
			ok = matchSegs(r.segs, parts[len(parts)-1:])
		}
		if ok {
			return true, !r.negate
		}
	}
	return false, false
}

// matchSegs matches path segments against pattern segments, where a "**"
// segment stands for zero or more directories, except at the end, where it
// stands for at least one (git's "dir/**" means everything inside dir).
func matchSegs(pat, parts []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			if len(pat) == 1 {
				return len(parts) > 0
			}
			for i := 0; i <= len(parts); i++ {
				if matchSegs(pat[1:], parts[i:]) {
					return true
				}
			}
			return false
		}
		if len(parts) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], parts[0]); err != nil || !ok {
			return false
		}
		pat, parts = pat[1:], parts[1:]
	}
	return len(parts) == 0
}
