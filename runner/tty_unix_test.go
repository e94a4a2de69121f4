//go:build unix

package runner

import (
	"slices"
	"strings"
	"testing"
)

// Under a pseudo-terminal the child sees a terminal on stdout and stderr,
// its colours pass through untouched, its two streams arrive in the order
// it wrote them, and the tail has the same lines without line ends.
func TestTTY(t *testing.T) {
	t.Parallel()
	var out, errw childOutput
	p := startChild(t, Command{Stdout: &out, Stderr: &errw, TTY: true}, "isatty")
	waitExit(t, p)
	if !p.Status().Success() {
		t.Fatalf("child: %v", p.Status())
	}
	want := "\x1b[32misatty stdout=true stderr=true\x1b[0m\r\nout 1\r\nerr 2\r\nout 3\r\nerr 4\r\n"
	if got := out.String(); got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if got := errw.String(); got != "" {
		t.Errorf("Stderr got %q under a pseudo-terminal; want everything on Stdout", got)
	}
	tail := []string{"\x1b[32misatty stdout=true stderr=true\x1b[0m", "out 1", "err 2", "out 3", "err 4"}
	if got := p.Tail(); !slices.Equal(got, tail) {
		t.Errorf("Tail() = %q, want %q", got, tail)
	}
}

// Without TTY the child writes to pipes and sees no terminal.
func TestNoTTY(t *testing.T) {
	t.Parallel()
	var out childOutput
	p := startChild(t, Command{Stdout: &out, Stderr: &out}, "isatty")
	waitExit(t, p)
	if got := out.String(); !strings.HasPrefix(got, "\x1b[32misatty stdout=false stderr=false\x1b[0m\n") {
		t.Errorf("output = %q, want the child to see pipes", got)
	}
}
