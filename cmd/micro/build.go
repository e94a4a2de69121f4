package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"runtime"
	"strings"
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
	// go build -o creates the folders the output goes in; so does micro.
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return report(stderr, fmt.Errorf("create the folder of %s: %w", out, err))
	}
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

// outputPath is where the binary goes, as go build decides: without -o,
// the default name in the current directory; with -o naming a directory
// (one that exists, or any path ending in a separator), the default name
// inside it; else -o itself.
func outputPath(flag string, t *runner.Target) string {
	name := execName(t)
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
	if strings.HasSuffix(flag, "/") || strings.HasSuffix(flag, string(filepath.Separator)) {
		return filepath.Join(flag, name)
	}
	if fi, err := os.Stat(flag); err == nil && fi.IsDir() {
		return filepath.Join(flag, name)
	}
	return flag
}

// execName is the name go build gives the executable of t: the last
// element of its import path, or the one before a major version suffix
// ("example.com/tool/v2" is "tool").
func execName(t *runner.Target) string {
	if t.ImportPath == "" || strings.HasPrefix(t.ImportPath, "_") {
		// Outside a module's import paths, go build names it by directory.
		return filepath.Base(t.Dir)
	}
	dir, elem := path.Split(t.ImportPath)
	if dir != "" && isMajorVersion(elem) {
		elem = path.Base(strings.TrimSuffix(dir, "/"))
	}
	return elem
}

// isMajorVersion reports whether elem is a module major version suffix
// such as "v2" (v0 and v1 never are).
func isMajorVersion(elem string) bool {
	if len(elem) < 2 || elem[0] != 'v' || elem[1] == '0' || elem == "v1" {
		return false
	}
	for _, c := range elem[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
