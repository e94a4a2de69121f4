package runner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// explain says a failed build of a handler package in the user's terms
// when the compiler blamed the generated main, a file the user does not
// have: the package changed since Resolve (Handler renamed, the directory
// removed, a file that is not Go source). Such a build gets the message
// micro gives at start-up for the same package, as a plain error, or a
// *BuildError whose diagnostics name the user's own files, or failing
// both, the package directory. Diagnostics in the user's files are kept
// as they are.
func explain(t *Target, be *BuildError) error {
	if t.Main {
		return be
	}
	gen := filepath.Join(t.ModuleRoot, ".micro", "main.go")
	var kept, unexplained []Diagnostic
	for _, d := range be.Diagnostics {
		if d.File != gen {
			kept = append(kept, d)
		} else if u := unreadableFile(d.Message); u != nil {
			kept = append(kept, *u)
		} else {
			unexplained = append(unexplained, d)
		}
	}
	if !slices.ContainsFunc(be.Diagnostics, func(d Diagnostic) bool { return d.File == gen }) {
		return be
	}
	if len(unexplained) > 0 {
		now, err := resolveDir(t.Pattern, t.Dir, &module{root: t.ModuleRoot, path: t.ModulePath}, t.Tags)
		if err != nil {
			return err
		}
		if now.Main {
			return fmt.Errorf("%s became a main package: restart to run it as a program", t.display())
		}
	}
	for _, d := range unexplained {
		// The package looks right to the start-up check, yet the main
		// cannot use it: say what the compiler said, of the package.
		kept = append(kept, Diagnostic{File: t.Dir, Message: t.display() + ": " + d.Message})
	}
	// go's own output names the generated main too: give the diagnostics
	// as the output.
	var out strings.Builder
	for _, d := range kept {
		out.WriteString(d.String() + "\n")
	}
	return &BuildError{Diagnostics: kept, Output: out.String()}
}

// unreadableFile turns the go command's "read FILE: reason" about a source
// file (a file of NUL bytes, one that is not text) into a diagnostic at
// that file, at the first NUL byte when there is one; nil when msg is not
// of that form.
func unreadableFile(msg string) *Diagnostic {
	rest, ok := strings.CutPrefix(msg, "read ")
	if !ok {
		return nil
	}
	// The file name may itself hold ": "; the longest prefix that names
	// an existing file wins.
	for i := strings.LastIndex(rest, ": "); i > 0; i = strings.LastIndex(rest[:i], ": ") {
		file := rest[:i]
		if !filepath.IsAbs(file) {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		d := &Diagnostic{File: file, Line: 1, Message: rest[i+2:]}
		if n := bytes.IndexByte(src, 0); n >= 0 {
			d.Line = 1 + bytes.Count(src[:n], []byte("\n"))
			d.Col = 1 + n - (bytes.LastIndexByte(src[:n], '\n') + 1)
		}
		return d
	}
	return nil
}
