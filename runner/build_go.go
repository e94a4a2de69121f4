package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/proc"
	"github.com/seed-1b2dc2de/micro/internal/tempdir"
)

// goTmpPrefix names the GOTMPDIR of each go command we run.
const goTmpPrefix = "micro-gotmp-"

// goBuild runs the go command with args in dir, with extra added to our
// environment, and returns its output (stdout then stderr) and how it
// ended. When ctx ends the whole group is killed at once and ctx.Err()
// returned: nothing of an interrupted build is worth waiting for.
//
// A killed go cannot remove its work directory, so it gets a GOTMPDIR of
// its own, removed here once the group is dead; a directory left by a
// process killed before it could do so is removed at the next start (see
// internal/tempdir).
func goBuild(ctx context.Context, dir string, extra, args []string) (string, Status, error) {
	gobin, err := goTool()
	if err != nil {
		return "", Status{}, err
	}
	env := append(os.Environ(), extra...)
	tmp, err := tempdir.New(lookupEnv(env, "GOTMPDIR"), goTmpPrefix)
	if err != nil {
		return "", Status{}, fmt.Errorf("build: %w", err)
	}
	defer tmp.Remove()
	var stdout, stderr bytes.Buffer
	p, err := proc.Start(proc.Command{
		Path:   gobin,
		Args:   args,
		Dir:    dir,
		Env:    append(env, "GOTMPDIR="+tmp.Path()),
		Stdout: &stdout,
		Stderr: &stderr,
	})
	if err != nil {
		return "", Status{}, fmt.Errorf("build: %w", err)
	}
	select {
	case <-p.Done():
		_ = p.Kill() // what the go command left in its group
	case <-ctx.Done():
		_ = p.Kill()
		return "", p.Status(), ctx.Err()
	}
	return buildOutput(stdout.Bytes(), stderr.Bytes()), p.Status(), nil
}

// lookupEnv returns the last value of key in env, as the go command reads
// it; "" when unset.
func lookupEnv(env []string, key string) string {
	for _, kv := range slices.Backward(env) {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}
