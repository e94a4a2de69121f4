package runner

import (
	"strings"
	"syscall"
	"testing"
)

// The child dies with its parent even when the parent is SIGKILLed and had
// no chance to stop it (Pdeathsig), and not before, although the parent's
// runtime retired OS threads in between.
func TestPdeathsig(t *testing.T) {
	t.Parallel()
	parent, err := Start(Command{Path: testBin("parent"), Args: []string{testBin("child")}})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { parent.Kill() })
	sleeper := pidFrom(t, parent, "sleeper")
	t.Cleanup(func() { syscall.Kill(sleeper, syscall.SIGKILL) })

	if pidGone(sleeper) {
		t.Fatalf("sleeper %d died while its parent lives; parent's output:\n%s",
			sleeper, strings.Join(parent.Tail(), "\n"))
	}
	// SIGKILL to the parent alone: the sleeper is in a group of its own,
	// only Pdeathsig can reach it.
	if err := syscall.Kill(parent.Pid(), syscall.SIGKILL); err != nil {
		t.Fatalf("kill parent: %v", err)
	}
	waitExit(t, parent)
	pollUntil(t, "the sleeper to die with its parent", func() bool { return pidGone(sleeper) })
}
