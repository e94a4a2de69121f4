package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/seed-1b2dc2de/micro/runner"
)

// runBuild is `micro build [-o FILE] [package]`: a static binary serving the
// package the same way micro does.
func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("micro build")
	output := fs.StringP("output", "o", "", "")
	help := fs.BoolP("help", "h", false, "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, err)
	}
	switch {
	case *help:
		printUsage(stdout)
		return 0
	case fs.NArg() > 1:
		return usageError(stderr, fmt.Errorf("micro build builds one package, got %d: %v", fs.NArg(), fs.Args()))
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	t, err := runner.Resolve(ctx, fs.Arg(0))
	if err != nil {
		return report(stderr, err)
	}
	out := outputPath(*output, t)
	res, err := (&runner.Build{
		Target: t,
		Output: out,
		Flags:  []string{"-trimpath"},
		Env:    []string{"CGO_ENABLED=0"},
	}).Run(ctx)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "micro: build interrupted")
		return 1
	}
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stderr, "micro: built %s in %s\n", out, res.Duration.Round(1e6))
	return 0
}

// outputPath is where the binary goes: -o (into it when it is a
// directory), else the package directory's name in the current directory,
// as go build does.
func outputPath(flag string, t *runner.Target) string {
	name := filepath.Base(t.Dir)
	goos := os.Getenv("GOOS")
	if goos == "" {
		goos = runtime.GOOS
	}
	if goos == "windows" {
		name += ".exe"
	}
	if flag == "" {
		return name
	}
	if fi, err := os.Stat(flag); err == nil && fi.IsDir() {
		return filepath.Join(flag, name)
	}
	return flag
}
