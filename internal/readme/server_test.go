//go:build unix

package readme

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// waitLimit bounds every wait for a condition: a cold build cache compiles
// the standard library first.
const waitLimit = 3 * time.Minute

// output collects a process's output and lets a test wait for a line.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newOutput() *output { return &output{changed: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	close(o.changed)
	o.changed = make(chan struct{})
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// server is a command of a serve block, running in its own process group.
type server struct {
	line   string
	cmd    *exec.Cmd
	out    *output // stdout and stderr together
	exited chan struct{}
	url    string // where it serves, once known
	anyEnd bool   // any exit status will do: go run exits 1 when interrupted
}

// startServer runs line with bash (exec'd: the command is the process
// bash was), in its own process group. It is killed at the end of the test
// if it still runs.
func startServer(t *testing.T, dir string, env []string, line string) *server {
	t.Helper()
	s := &server{line: line, out: newOutput(), exited: make(chan struct{})}
	s.cmd = exec.Command("bash", "-c", "exec "+line)
	s.cmd.Dir, s.cmd.Env = dir, env
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	})
	return s
}

// waitLine returns the first submatch of the first complete line matching
// re, failing the test if the server exits first or none comes in time.
func (s *server) waitLine(t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	for {
		s.out.mu.Lock()
		text, changed := s.out.buf.String(), s.out.changed
		s.out.mu.Unlock()
		for line := range strings.Lines(text) {
			if l, ok := strings.CutSuffix(line, "\n"); ok {
				if m := re.FindStringSubmatch(l); m != nil {
					return m[1]
				}
			}
		}
		select {
		case <-changed:
		case <-s.exited:
			if s.out.String() != text {
				continue
			}
			t.Fatalf("README: %s exited before a line matching %q; output:\n%s", s.line, re, text)
		case <-deadline.C:
			t.Fatalf("README: %s printed no line matching %q within %s; output:\n%s", s.line, re, waitLimit, text)
		}
	}
}

// stop sends SIGINT to the server's process group, as Ctrl-C in a terminal
// does (go run waits for its program to take it), and checks that the
// server exits 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatalf("README: %s: %v", s.line, err)
	}
	select {
	case <-s.exited:
	case <-time.After(waitLimit):
		t.Fatalf("README: %s did not stop within %s of SIGINT; output:\n%s", s.line, waitLimit, s.out)
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 && !s.anyEnd {
		t.Errorf("README: %s exited with status %d after SIGINT, want 0; output:\n%s", s.line, code, s.out)
	}
}
