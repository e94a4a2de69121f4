//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// reloadPath is where pages served through micro-dev listen for new builds.
const reloadPath = devserver.ReloadPath

// The end-to-end tests run the real micro-dev binary on a temporary module
// and talk to it over TCP, as a developer would with a browser and curl.

var microDev string // the binary under test, built once in TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "micro-dev-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Everything the tests and the micro-devs they start put in the
	// temporary folder (apps, binaries, build folders, what a SIGKILLed
	// micro-dev leaves) goes under dir, removed at the end.
	os.Setenv("TMPDIR", dir)
	microDev = filepath.Join(dir, "micro-dev")
	out, err := exec.Command("go", "build", "-o", microDev, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building micro-dev: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// newApp writes a module into a temp dir: files maps slash paths to content.
// It requires this repository through a replace, with its go.sum, so no
// network is needed.
func newApp(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	root := repoRoot(t)
	gomod := fmt.Sprintf("module example.com/app\n\ngo 1.26.0\n\nrequire github.com/seed-1b2dc2de/micro v0.0.0\n\nreplace github.com/seed-1b2dc2de/micro => %s\n", root)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "go.mod", gomod)
	write(t, dir, "go.sum", string(sum))
	for name, content := range files {
		write(t, dir, name, content)
	}
	return dir
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func handlerSrc(body string) string {
	return `package app

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	` + body + `
})
`
}

// devProc is a running micro-dev with its output captured line by line.
type devProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	out  []string
	done chan struct{}
}

func startDev(t *testing.T, dir string, args ...string) *devProc {
	t.Helper()
	return startDevWith(t, dir, nil, nil, args...)
}

// startDevEnv is startDev with more environment variables.
func startDevEnv(t *testing.T, dir string, env []string, args ...string) *devProc {
	t.Helper()
	return startDevWith(t, dir, env, nil, args...)
}

// startDevOn starts micro-dev with its output on the terminal's slave end,
// read from its master end.
func startDevOn(t *testing.T, dir string, term *terminal, args ...string) *devProc {
	t.Helper()
	return startDevWith(t, dir, nil, term, args...)
}

// startDevWith starts micro-dev with more environment variables, its
// output on a pipe or, when term is given, on a terminal.
func startDevWith(t *testing.T, dir string, env []string, term *terminal, args ...string) *devProc {
	t.Helper()
	cmd := exec.Command(microDev, append([]string{"-p", "0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1"), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	var out io.Reader = pr
	cmd.Stdout, cmd.Stderr = pw, pw
	if term != nil {
		out = term.master
		cmd.Stdout, cmd.Stderr = term.slave, term.slave
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if term != nil {
		term.slave.Close() // the master reads EIO once micro-dev and its children are gone
	}
	d := &devProc{t: t, cmd: cmd, done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			d.mu.Lock()
			d.out = append(d.out, strings.TrimSuffix(sc.Text(), "\r"))
			d.mu.Unlock()
		}
	}()
	go func() { cmd.Wait(); pw.Close(); close(d.done) }()
	t.Cleanup(func() {
		select {
		case <-d.done:
			return
		default:
		}
		// SIGTERM first: micro-dev then stops its child and removes its
		// folders, which SIGKILL would leave behind.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(30 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-d.done
		}
		if t.Failed() {
			t.Logf("micro-dev output:\n%s", d.output())
		}
	})
	local := regexp.MustCompile(`Local:\s+(http://\S+)`)
	d.waitLine(t, func(l string) bool {
		if m := local.FindStringSubmatch(l); m != nil {
			d.url = m[1]
			return true
		}
		return false
	})
	return d
}

func (d *devProc) output() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.out, "\n")
}

func (d *devProc) count(substr string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, l := range d.out {
		if strings.Contains(l, substr) {
			n++
		}
	}
	return n
}

// waitLine waits for an output line that ok accepts.
func (d *devProc) waitLine(t *testing.T, ok func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		d.mu.Lock()
		for _, l := range d.out {
			if ok(l) {
				d.mu.Unlock()
				return
			}
		}
		d.mu.Unlock()
		select {
		case <-d.done:
			t.Fatalf("micro-dev exited; output:\n%s", d.output())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("timed out waiting for output; got:\n%s", d.output())
}

// waitCount waits until substr has appeared n times in the output.
func (d *devProc) waitCount(t *testing.T, substr string, n int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for d.count(substr) < n {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d× %q; output:\n%s", n, substr, d.output())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type reply struct {
	status int
	body   string
	header http.Header
}

func get(t *testing.T, url, accept string) reply {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, string(b), resp.Header}
}

// waitBody polls until the body is want; requests wait for builds, so
// this mostly returns on its first try.
func waitBody(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	var last reply
	for time.Now().Before(deadline) {
		last = get(t, url, "")
		if last.body == want {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("body never became %q; last: %d %q", want, last.status, last.body)
}

// children lists the processes whose parent is pid.
func children(pid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name may hold spaces: fields start after the last ')'.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, p)
		}
	}
	return out
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	if err != nil {
		return !errors.Is(err, syscall.ESRCH)
	}
	// A zombie still answers kill 0: look at its state.
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) > 0 && f[0] != "Z"
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d outlived micro-dev", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
