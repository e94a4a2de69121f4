package runner

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// binDir holds the testdata programs, built once by TestMain.
var binDir string

func TestMain(m *testing.M) {
	if os.Getenv(buildHelperEnv) != "" {
		os.Exit(buildHelper())
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "runner-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./testdata/child")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build test programs: %v\n%s", err, out)
		return 1
	}
	binDir = dir
	return m.Run()
}

// testBin returns the path of a testdata program.
func testBin(name string) string {
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(binDir, name)
}

// startChild starts the child program in mode with args; the child is killed
// when the test ends.
func startChild(t *testing.T, c Command, mode string, args ...string) *Process {
	t.Helper()
	c.Path = testBin("child")
	c.Args = append([]string{mode}, args...)
	p, err := Start(c)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { p.Kill() })
	return p
}

// pollUntil polls cond until it holds, failing the test after a generous
// deadline (the machine may be loaded; nothing here asserts a duration).
func pollUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for delay := time.Millisecond; !cond(); delay = min(2*delay, 50*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(delay)
	}
}

func waitExit(t *testing.T, p *Process) {
	t.Helper()
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		t.Fatalf("child %d did not exit", p.pid())
	}
}

func TestExit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		code       int
		lines      int
		keep       int
		wantStatus string
		wantTail   []string
	}{
		{"success", 0, 2, 0, "exit status 0", []string{"out 1", "err 2", "last"}},
		{"failure keeps the last lines", 3, 50, 4, "exit status 3", []string{"err 48", "out 49", "err 50", "last"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// No writers: one pipe for both streams, so the order is exact.
			p := startChild(t, Command{TailLines: tt.keep}, "exit", fmt.Sprint(tt.code), fmt.Sprint(tt.lines))
			if p.pid() <= 0 {
				t.Errorf("Pid() = %d", p.pid())
			}
			waitExit(t, p)
			if !p.Exited() {
				t.Error("Exited() = false after Done")
			}
			if got := p.Status().String(); got != tt.wantStatus {
				t.Errorf("Status() = %q, want %q", got, tt.wantStatus)
			}
			if got := p.Status().Code(); got != tt.code {
				t.Errorf("Status().Code() = %d, want %d", got, tt.code)
			}
			if got := p.Tail(); !slices.Equal(got, tt.wantTail) {
				t.Errorf("Tail() = %q, want %q", got, tt.wantTail)
			}
		})
	}
}

// childOutput is a bytes.Buffer safe to read while the child writes to it.
type childOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *childOutput) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *childOutput) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestOutputWriters(t *testing.T) {
	t.Parallel()
	t.Run("separate", func(t *testing.T) {
		t.Parallel()
		var stdout, stderr childOutput
		p := startChild(t, Command{Stdout: &stdout, Stderr: &stderr}, "exit", "0", "4")
		waitExit(t, p)
		if got, want := stdout.String(), "out 1\nout 3\nlast"; got != want {
			t.Errorf("stdout = %q, want %q", got, want)
		}
		if got, want := stderr.String(), "err 2\nerr 4\n"; got != want {
			t.Errorf("stderr = %q, want %q", got, want)
		}
		// Two pipes: the streams' relative order is not kept, their lines are.
		got := p.Tail()
		slices.Sort(got)
		if want := []string{"err 2", "err 4", "last", "out 1", "out 3"}; !slices.Equal(got, want) {
			t.Errorf("sorted Tail() = %q, want %q", got, want)
		}
	})
	t.Run("same", func(t *testing.T) {
		t.Parallel()
		var out childOutput
		p := startChild(t, Command{Stdout: &out, Stderr: &out}, "exit", "0", "4")
		waitExit(t, p)
		if got, want := out.String(), "out 1\nerr 2\nout 3\nerr 4\nlast"; got != want {
			t.Errorf("output = %q, want %q", got, want)
		}
	})
}

func TestStartError(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no-such-program")
	p, err := Start(Command{Path: path})
	if err == nil {
		p.Kill()
		t.Fatal("Start of a missing program succeeded")
	}
	if !strings.Contains(err.Error(), path) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Start error = %v; want it to name %s and wrap os.ErrNotExist", err, path)
	}
}
