package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/seed-1b2dc2de/micro/runner"
)

// report prints err as micro's one "micro: ..." line; a compile failure
// gets a short block: "micro: build failed:" then the compiler's messages,
// with paths relative to the current directory when they are under it.
// It returns exit status 1.
func report(stderr io.Writer, err error) int {
	var be *runner.BuildError
	if !errors.As(err, &be) {
		fmt.Fprintf(stderr, "micro: %v\n", err)
		return 1
	}
	var b strings.Builder
	b.WriteString("micro: build failed:\n")
	if len(be.Diagnostics) == 0 {
		for line := range strings.SplitSeq(strings.TrimSpace(be.Output), "\n") {
			b.WriteString(line + "\n")
		}
	}
	cwd, _ := os.Getwd()
	for _, d := range be.Diagnostics {
		d.File = relative(cwd, d.File)
		first, rest, _ := strings.Cut(d.Message, "\n")
		d.Message = first
		b.WriteString(d.String() + "\n")
		for line := range strings.SplitSeq(rest, "\n") {
			if line != "" {
				b.WriteString("\t" + line + "\n")
			}
		}
	}
	io.WriteString(stderr, b.String())
	return 1
}

// relative returns file relative to dir when it is inside dir.
func relative(dir, file string) string {
	if dir == "" {
		return file
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}
