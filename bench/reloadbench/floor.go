//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/seed-1b2dc2de/micro/bench/fixture"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// floorBuilder times warm `go build`s of the fixture's main package after
// an edit of version.go, on a copy of its own (so no tool under test sees
// the edits). No reload can be faster than such a build: it is what every
// tool has to run. The benchmark takes one sample after each quiet reload,
// while the tool is idle, so that the floor and the reloads see the same
// load of a shared machine.
type floorBuilder struct {
	dir   string
	env   []string
	edit  editMode
	flags []string // extra build flags: "-ldflags=-s -w" is what micro-dev uses
	times []time.Duration
}

// newFloorBuilder copies the fixture to dir and builds it once, which warms
// the build cache for the copy (and, on a fresh machine, compiles the
// standard library).
func newFloorBuilder(ctx context.Context, cfg config, dir string, flags ...string) (*floorBuilder, error) {
	if err := fixture.Copy(cfg.fixture, dir, cfg.repo); err != nil {
		return nil, err
	}
	f := &floorBuilder{dir: dir, env: cfg.env, edit: cfg.edit, flags: flags}
	if _, err := f.build(ctx); err != nil {
		return nil, err
	}
	return f, nil
}

// sample edits the copy and times one build of it.
func (f *floorBuilder) sample(ctx context.Context) error {
	v := fmt.Sprintf("floor%d", len(f.times)+1)
	if err := save(filepath.Join(f.dir, "version.go"), versionSource(v), f.edit); err != nil {
		return fmt.Errorf("floor build: %w", err)
	}
	d, err := f.build(ctx)
	if err != nil {
		return err
	}
	f.times = append(f.times, d)
	return nil
}

func (f *floorBuilder) build(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	err := goBuild(ctx, f.dir, f.env, filepath.Join(f.dir, "tmp", "main"), "./main", f.flags...)
	return time.Since(t0), err
}

// goBuild runs `go build -o out [flags] pkg` in dir, in its own process
// group so that cancelling it also stops the compilers it runs.
func goBuild(ctx context.Context, dir string, env []string, out, pkg string, flags ...string) error {
	args := append(append([]string{"build", "-o", out}, flags...), pkg)
	var output bytes.Buffer
	st, err := proc.Run(ctx, proc.Command{
		Path: "go", Args: args, Dir: dir, Env: env,
		Stdout: &output, Stderr: &output, Grace: time.Second,
	})
	if err == nil && !st.Success() {
		err = errors.New(st.String())
	}
	if err != nil {
		return fmt.Errorf("go build %s in %s: %w\n%s", pkg, dir, err, strings.TrimSpace(output.String()))
	}
	return nil
}
