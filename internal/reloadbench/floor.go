//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// floorBuilds is how many edited builds the floor is the median of.
const floorBuilds = 5

// measureFloor times a warm `go build` of the fixture's main package after
// an edit of version.go, on a copy of its own (so no tool under test sees
// the edits), and returns the spread over floorBuilds builds. No reload can
// be faster than this: it is what every tool has to run.
//
// flags are extra build flags: "-ldflags=-s -w", which micro-dev uses,
// gives the floor of a build that skips the symbol table and DWARF.
func measureFloor(ctx context.Context, cfg config, flags ...string) (summary, error) {
	dir := filepath.Join(cfg.work, "floor"+sanitize(strings.Join(flags, "")))
	if err := copyFixture(cfg.fixture, dir, cfg.repo); err != nil {
		return summary{}, err
	}
	build := func() (time.Duration, error) {
		t0 := time.Now()
		err := goBuild(ctx, dir, cfg.env, filepath.Join(dir, "tmp", "main"), "./main", flags...)
		return time.Since(t0), err
	}
	// The first build warms the cache for this copy (and, on a fresh
	// machine, compiles the standard library).
	if _, err := build(); err != nil {
		return summary{}, err
	}
	var ds []time.Duration
	for i := range floorBuilds {
		v := fmt.Sprintf("floor%d", i)
		if err := save(filepath.Join(dir, "version.go"), versionSource(v), cfg.edit); err != nil {
			return summary{}, err
		}
		d, err := build()
		if err != nil {
			return summary{}, err
		}
		ds = append(ds, d)
	}
	return summarize(ds), nil
}

// goBuild runs `go build -o out [flags] pkg` in dir, in its own process group so
// that cancelling it also stops the compilers it runs.
func goBuild(ctx context.Context, dir string, env []string, out, pkg string, flags ...string) error {
	args := append(append([]string{"build", "-o", out}, flags...), pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s in %s: %w\n%s", pkg, dir, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
