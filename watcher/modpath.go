package watcher

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// modulePath returns the module path declared by the go.mod file gomod, or
// "" when it cannot be read. go list names the module of a package only
// when the package exists: with the only package of the build removed (git
// checkout, git stash -u, rm -rf), the module path must come from go.mod,
// or the package's directory could not be derived from its import path.
func modulePath(gomod string) string {
	if args := directives(gomod, "module"); len(args) > 0 {
		return args[0]
	}
	return ""
}

// workModules returns the module directories a go.work file uses, as
// absolute paths.
func workModules(gowork string) []string {
	var dirs []string
	for _, d := range directives(gowork, "use") {
		if !filepath.IsAbs(d) {
			d = filepath.Join(filepath.Dir(gowork), filepath.FromSlash(d))
		}
		dirs = append(dirs, filepath.Clean(d))
	}
	return dirs
}

// directives returns the arguments of every verb directive of a go.mod or
// go.work file, in the single-line form and in the block form
// ("verb ( ... )"), unquoted and without comments.
func directives(file, verb string) []string {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var args []string
	inBlock := false
	for line := range strings.Lines(string(b)) {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if inBlock {
			if line == ")" {
				inBlock = false
			} else if line != "" {
				args = append(args, unquoteArg(line))
			}
			continue
		}
		rest, ok := strings.CutPrefix(line, verb)
		if !ok || rest == "" || rest[0] != ' ' && rest[0] != '\t' && rest[0] != '(' && rest[0] != '"' {
			continue
		}
		rest = strings.TrimSpace(rest)
		if rest == "(" {
			inBlock = true
			continue
		}
		args = append(args, unquoteArg(rest))
	}
	return args
}

// unquoteArg returns the first argument of a directive, unquoted when it
// is a Go string literal.
func unquoteArg(s string) string {
	if s != "" && (s[0] == '"' || s[0] == '`') {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
