//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// microBin is the micro command the end-to-end tests run, built once by
// TestMain.
var microBin string

// waitLimit bounds every wait for a condition: generous, since the machine
// is shared and a first build may compile a lot.
const waitLimit = 90 * time.Second

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "micro-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	microBin = filepath.Join(dir, "micro")
	if out, err := exec.Command("go", "build", "-o", microBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build micro: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// moduleRoot is the root of this module, where the tests run micro.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// lines collects a stream's output and lets a test wait for a line.
type lines struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newLines() *lines { return &lines{changed: make(chan struct{})} }

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// wait returns the submatches of the first complete line matching re,
// failing the test if none comes within waitLimit or once exited closes.
func (l *lines) wait(t *testing.T, re *regexp.Regexp, exited <-chan struct{}) []string {
	t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		text, changed := l.buf.String(), l.changed
		l.mu.Unlock()
		for line := range strings.Lines(text) {
			complete, ok := strings.CutSuffix(line, "\n")
			if m := re.FindStringSubmatch(complete); ok && m != nil {
				return m
			}
		}
		select {
		case <-changed:
		case <-exited:
			// One last look: the output may have come with the exit.
			l.mu.Lock()
			final := l.buf.String()
			l.mu.Unlock()
			if final != text {
				continue
			}
			t.Fatalf("micro exited before printing a line matching %q; output:\n%s", re, text)
		case <-deadline.C:
			t.Fatalf("no line matching %q within %s; output:\n%s", re, waitLimit, text)
		}
	}
}

// microProc is one micro process started by a test.
type microProc struct {
	cmd    *exec.Cmd
	stdout *lines
	stderr *lines
	exited chan struct{}
}

// startMicro starts micro with args in dir, with env added to ours. It is
// killed at the end of the test if still running.
func startMicro(t *testing.T, dir string, env []string, args ...string) *microProc {
	t.Helper()
	r := &microProc{cmd: exec.Command(microBin, args...), stdout: newLines(), stderr: newLines(), exited: make(chan struct{})}
	r.cmd.Dir = dir
	r.cmd.Env = append(os.Environ(), env...)
	r.cmd.SysProcAttr = &syscall.SysProcAttr{}
	dieWithTest(r.cmd.SysProcAttr)
	r.cmd.Stdout = r.stdout
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		r.cmd.Wait()
		close(r.exited)
	}()
	pid := r.cmd.Process.Pid
	t.Cleanup(func() {
		select {
		case <-r.exited:
			return
		default:
		}
		// micro's children die with it (Pdeathsig), but kill their groups
		// too in case the platform lacks it.
		for _, child := range children(pid) {
			syscall.Kill(-child, syscall.SIGKILL)
		}
		syscall.Kill(pid, syscall.SIGKILL)
		<-r.exited
	})
	return r
}

// children lists the child processes of pid, from /proc when there is one.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		data, _ := os.ReadFile(f)
		for field := range strings.FieldsSeq(string(data)) {
			if n, err := strconv.Atoi(field); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// signal sends sig to micro.
func (r *microProc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := r.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// wait waits for micro to exit and returns its exit status.
func (r *microProc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.exited:
	case <-time.After(waitLimit):
		t.Fatalf("micro did not exit within %s; stderr:\n%s", waitLimit, r.stderr)
	}
	return r.cmd.ProcessState.ExitCode()
}

var accepting = regexp.MustCompile(`^micro: Accepting connections on (\S+)$`)

// url waits for micro's first "Accepting connections" line and returns it.
func (r *microProc) url(t *testing.T) string {
	t.Helper()
	return r.stderr.wait(t, accepting, r.exited)[1]
}

// hashTree returns a digest of every file under dir: names, modes and
// contents, to check that micro wrote nothing into the user's tree.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fmt.Fprintf(h, "%s %v\n", rel, info.Mode())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// untouched checks, at the end of the test, that the fixture directory is
// byte-identical and that no .micro directory appeared in the module.
func untouched(t *testing.T, fixture string) {
	t.Helper()
	root := moduleRoot(t)
	dir := filepath.Join(root, fixture)
	before := hashTree(t, dir)
	t.Cleanup(func() {
		if after := hashTree(t, dir); after != before {
			t.Errorf("micro changed %s", dir)
		}
		if _, err := os.Stat(filepath.Join(root, ".micro")); err == nil {
			t.Errorf("micro wrote %s", filepath.Join(root, ".micro"))
		}
	})
}
