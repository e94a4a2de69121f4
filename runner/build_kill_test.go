//go:build unix

package runner

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/seed-1b2dc2de/micro/internal/tempdir"
)

// fakeGo writes a go command that starts a grandchild, as go starts the
// compiler, writes its pid and GOTMPDIR to the file out, and waits. Like
// go, which loads packages first, it starts the grandchild only after a
// while: a process killed within microseconds of starting a child, before
// it can register the child's group with the guard, is a window no real
// build meets, but a loaded machine running a script that forks at once
// does.
func fakeGo(t *testing.T, out string) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nsleep 0.3\nsleep 1000 &\necho \"$! $GOTMPDIR\" > " + out + ".tmp\nmv " + out + ".tmp " + out + "\nwait\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// After SIGKILL of the process that runs go build, nothing go started
// lives on (the compiler, here a sleeping grandchild), and the GOTMPDIR it
// left is removed by the next build's start.
func TestBuildKilledLeavesNothing(t *testing.T) {
	t.Parallel()
	tmp, said := t.TempDir(), filepath.Join(t.TempDir(), "said")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		buildHelperEnv+"="+filepath.Join(t.TempDir(), "out"),
		"PATH="+fakeGo(t, said)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GOTMPDIR="+tmp,
		// Its own folders too: it is killed, and cannot remove them.
		"TMPDIR="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })

	var line []byte
	pollUntil(t, "the fake go to start its grandchild", func() bool {
		var err error
		line, err = os.ReadFile(said)
		return err == nil
	})
	pidText, gotmp, _ := strings.Cut(strings.TrimSpace(string(line)), " ")
	pid, err := strconv.Atoi(pidText)
	if err != nil {
		t.Fatalf("fake go said %q", line)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	if filepath.Dir(gotmp) != tmp || !strings.HasPrefix(filepath.Base(gotmp), goTmpPrefix) {
		t.Errorf("go ran with GOTMPDIR=%s, want a %s* directory in %s", gotmp, goTmpPrefix, tmp)
	}
	if pidGone(pid) {
		t.Fatal("the grandchild died while the build runs")
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	pollUntil(t, "the grandchild to die with the build", func() bool { return pidGone(pid) })

	tempdir.Sweep(tmp, goTmpPrefix)
	if _, err := os.Stat(gotmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed build's GOTMPDIR %s is still there after a sweep (%v)", gotmp, err)
	}
}
