//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// TestBeforeCommandsInOrder checks that the commands run with sh in the
// module root, in order, with the child's environment, that the first
// failure stops them and is said with its exit status and output, and
// that their output reaches the terminal.
func TestBeforeCommandsInOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var term bytes.Buffer
	b := newBefore([]string{
		"echo one > out.txt",
		`echo "$BEFORE_TEST" >> out.txt; pwd >> out.txt`,
		"echo oops; echo bad >&2; exit 4",
		"echo never > never.txt",
	}, dir, append(os.Environ(), "BEFORE_TEST=from the env"), &term)
	err := b.run(context.Background())
	var ce *devserver.CommandError
	if !errors.As(err, &ce) {
		t.Fatalf("run = %v, want a *devserver.CommandError", err)
	}
	if ce.Command != "echo oops; echo bad >&2; exit 4" || ce.Exit != "exit status 4" || !slices.Equal(ce.Output, []string{"oops", "bad"}) {
		t.Errorf("CommandError = %+v", ce)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "out.txt"))
	real, _ := filepath.EvalSymlinks(dir)
	if want := "one\nfrom the env\n" + real + "\n"; string(out) != want && string(out) != "one\nfrom the env\n"+dir+"\n" {
		t.Errorf("out.txt = %q, want %q", out, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "never.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a command after the failing one ran: %v", err)
	}
	if term.String() != "oops\nbad\n" {
		t.Errorf("terminal got %q", term.String())
	}
	// Without a watcher (--cold) there is always something to build.
	b.cmds = []string{"true"}
	if err := b.run(context.Background()); err != nil {
		t.Errorf("run = %v, want nil", err)
	}
}

// TestBeforeCancelled checks that a newer save stops a command under way.
func TestBeforeCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	b := newBefore([]string{"echo started > started.txt; exec sleep 600"}, dir, os.Environ(), &bytes.Buffer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.run(ctx) }()
	waitFile(t, filepath.Join(dir, "started.txt"))
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("run = %v, want context.Canceled", err)
	}
}

func waitFile(t *testing.T, p string) {
	for {
		if _, err := os.Stat(p); err == nil {
			return
		}
		time.Sleep(5 * time.Millisecond) // a poll: sh starts when it starts
	}
}
