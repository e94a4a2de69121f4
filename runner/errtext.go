package runner

import (
	"errors"
	"path/filepath"
	"strings"
)

// A failed build as text for a terminal: one file:line:col line per
// compiler message, relative to the current directory, with the message's
// further lines indented under it. micro and micro-dev both print build
// errors with ErrorText, and micro-dev's pages take their paths from
// RelPath, so they all read the same.

// ErrorText returns err as lines of text, each ending in a newline. A
// *BuildError gives its diagnostics with paths relative to dir when
// they are inside it, or the compiler's output when it had none; any other
// error gives its message.
func ErrorText(err error, dir string) string {
	var be *BuildError
	if !errors.As(err, &be) {
		return textLines(err.Error())
	}
	if len(be.Diagnostics) == 0 {
		return textLines(be.Output)
	}
	var b strings.Builder
	for _, d := range be.Diagnostics {
		d.File = RelPath(dir, d.File)
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

// textLines trims s and ends it with a newline; empty stays empty.
func textLines(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return s + "\n"
}

// RelPath returns file relative to dir when it is inside dir, else file.
func RelPath(dir, file string) string {
	if dir == "" {
		return file
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}
