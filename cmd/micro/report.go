package main

import (
	"errors"
	"fmt"
	"io"
	"os"

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
	cwd, _ := os.Getwd()
	io.WriteString(stderr, "micro: build failed:\n"+runner.ErrorText(be, cwd))
	return 1
}
