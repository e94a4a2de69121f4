// Package diagtext writes a failed build as text for a terminal: one
// file:line:col line per compiler message, relative to the current
// directory, with the message's further lines indented under it. micro and
// micro-dev both print build errors with it, so they read the same.
package diagtext

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/seed-1b2dc2de/micro/runner"
)

// Format returns err as lines of text, each ending in a newline. A
// *runner.BuildError gives its diagnostics with paths relative to dir when
// they are inside it, or the compiler's output when it had none; any other
// error gives its message.
func Format(err error, dir string) string {
	var be *runner.BuildError
	if !errors.As(err, &be) {
		return lines(err.Error())
	}
	if len(be.Diagnostics) == 0 {
		return lines(be.Output)
	}
	var b strings.Builder
	for _, d := range be.Diagnostics {
		d.File = Rel(dir, d.File)
		_, rest, _ := strings.Cut(d.Message, "\n")
		b.WriteString(d.String() + "\n")
		for line := range strings.SplitSeq(rest, "\n") {
			if line != "" {
				b.WriteString("\t" + line + "\n")
			}
		}
	}
	return b.String()
}

// lines trims s and ends it with a newline; empty stays empty.
func lines(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return s + "\n"
}

// Rel returns file relative to dir when it is inside dir, else file.
func Rel(dir, file string) string {
	if dir == "" {
		return file
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}
