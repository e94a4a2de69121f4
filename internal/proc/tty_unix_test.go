//go:build unix

package proc

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ttyScript says whether stdout and stderr are terminals and whether the
// process has a controlling terminal (/dev/tty opens only then), then
// writes to stdout and stderr in turn.
const ttyScript = `[ -t 1 ] && echo "stdout tty" || echo "stdout pipe"
[ -t 2 ] && echo "stderr tty" || echo "stderr pipe"
(exec 3</dev/tty) 2>/dev/null && echo "ctty yes" || echo "ctty no"
echo out1; echo err1 >&2; echo out2; echo err2 >&2; echo out3`

// Under TTY the process sees a terminal that is its controlling terminal,
// and its stdout and stderr arrive as one stream in the order written.
func TestTTYOutput(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	st, err := Run(context.Background(), Command{Path: "/bin/sh", Args: []string{"-c", ttyScript}, Stdout: &out, TTY: true})
	if err != nil || !st.Success() {
		t.Fatalf("Run = %v, %v", st, err)
	}
	want := "stdout tty\r\nstderr tty\r\nctty yes\r\nout1\r\nerr1\r\nout2\r\nerr2\r\nout3\r\n"
	if out.String() != want {
		t.Errorf("output under a pseudo-terminal:\n%q\nwant\n%q", out.String(), want)
	}
}

// Without TTY the process writes to pipes, and has no controlling terminal
// of ours (the test may run without one, so only the pipes are asserted).
func TestPipesOutput(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	st, err := Run(context.Background(), Command{Path: "/bin/sh", Args: []string{"-c", ttyScript}, Stdout: &out, Stderr: &out})
	if err != nil || !st.Success() {
		t.Fatalf("Run = %v, %v", st, err)
	}
	if got := out.String(); !strings.HasPrefix(got, "stdout pipe\nstderr pipe\n") {
		t.Errorf("output with pipes: %q, want it to start with both pipes", got)
	}
}

// Stop ends a process under a pseudo-terminal with its whole group,
// grandchildren included, and the terminal's copy has ended by Done.
func TestTTYStop(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	p, err := Start(Command{
		Path:   "/bin/sh",
		Args:   []string{"-c", `sleep 1000 & echo "grandchild $!"; echo "leader $$"; wait`},
		Stdout: w,
		TTY:    true,
		Grace:  time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	pids := readPids(t, r, "grandchild", "leader")
	if pids["leader"] != p.Pid() {
		t.Fatalf("leader pid %d, Pid() %d", pids["leader"], p.Pid())
	}
	if pgid, err := syscall.Getpgid(p.Pid()); err != nil || pgid != p.Pid() {
		t.Fatalf("process group of the leader = %d, %v; want its own, %d", pgid, err, p.Pid())
	}
	if pgid, err := syscall.Getpgid(pids["grandchild"]); err != nil || pgid != p.Pid() {
		t.Fatalf("process group of the grandchild = %d, %v; want the leader's, %d", pgid, err, p.Pid())
	}
	if err := p.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if got := p.Status().Signal(); got != syscall.SIGTERM {
		t.Errorf("status = %v, want ended by SIGTERM", p.Status())
	}
	select {
	case <-p.tty.copied:
	default:
		t.Error("the terminal's output is still being copied after Done")
	}
	if _, err := p.tty.master.Read(make([]byte, 1)); err == nil {
		t.Error("the terminal is still open after Done")
	}
	pollUntil(t, "the grandchild to die", func() bool { return pidGone(pids["grandchild"]) })
}

// The terminal is released when the program cannot be started.
func TestTTYStartFails(t *testing.T) {
	t.Parallel()
	if _, err := Start(Command{Path: "/nonexistent/program", TTY: true}); err == nil {
		t.Fatal("Start of a missing program succeeded")
	}
}

// A process that left the group but still holds the terminal does not
// hold up Done: the terminal is closed after the bounded drain.
func TestTTYHeldByAnEscapee(t *testing.T) {
	t.Parallel()
	setsid, err := exec.LookPath("setsid")
	if err != nil {
		t.Skip("no setsid here")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	// The leader exits once the escapee has said its pid on the terminal.
	marker := filepath.Join(t.TempDir(), "said")
	p, err := Start(Command{
		Path: "/bin/sh",
		Args: []string{"-c", setsid + ` sh -c 'echo "escapee $$"; : >"$0"; exec sleep 1000' "$0" &
			until [ -e "$0" ]; do sleep 0.01; done`, marker},
		Stdout: w,
		TTY:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	pid := readPids(t, r, "escapee")["escapee"]
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	if pgid, _ := syscall.Getpgid(pid); pgid == p.Pid() {
		t.Fatal("the escapee is still in the group")
	}
	<-p.Done() // the leader exits at once; the escapee keeps the terminal open
	select {
	case <-p.tty.copied:
	default:
		t.Error("Done before the terminal's copy ended")
	}
	if pidGone(pid) {
		t.Error("the escapee died: the test proves nothing")
	}
}

// A new size given to the terminal reaches the process: it gets SIGWINCH
// and reads the new size, as after a window is resized.
func TestTTYResize(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	p, err := Start(Command{
		Path:   "/bin/sh",
		Args:   []string{"-c", `trap 'echo "size $(stty size </dev/tty)"; exit 0' WINCH; echo ready; while :; do sleep 0.05; done`},
		Stdout: w,
		TTY:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	lines := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- strings.TrimSpace(sc.Text()) // a terminal's lines end in CRLF
		}
	}()
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(30 * time.Second):
			t.Fatal("no output from the process")
			return ""
		}
	}
	if l := next(); l != "ready" {
		t.Fatalf("first line %q, want ready", l)
	}
	if err := p.tty.setSize(&pty.Winsize{Rows: 41, Cols: 123}); err != nil {
		t.Fatal(err)
	}
	if l := next(); l != "size 41 123" {
		t.Errorf("after the resize the process says %q, want %q", l, "size 41 123")
	}
	<-p.Done()
}
