package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
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
)

// The end-to-end tests run the real micro-dev binary on a temporary module
// and talk to it over TCP, as a developer would with a browser and curl.

var microDev string // the binary under test, built once in TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "micro-dev-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
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
	cmd := exec.Command(microDev, append([]string{"-p", "0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &devProc{t: t, cmd: cmd, done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			d.mu.Lock()
			d.out = append(d.out, sc.Text())
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
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-d.done
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
	deadline := time.Now().Add(90 * time.Second)
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
	deadline := time.Now().Add(90 * time.Second)
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
	deadline := time.Now().Add(90 * time.Second)
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

func TestEditServesNewCode(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "one", nil`)})
	d := startDev(t, dir, "-s")
	if r := get(t, d.url, ""); r.status != 200 || r.body != "one" {
		t.Fatalf("first build: got %d %q", r.status, r.body)
	}
	write(t, dir, "app.go", handlerSrc(`return "two", nil`))
	d.waitCount(t, "changed", 1)
	// Once the change is seen, a request waits for the new build: never "one".
	if r := get(t, d.url, ""); r.body != "two" {
		t.Fatalf("after the edit: got %d %q, want the new code", r.status, r.body)
	}
}

func TestWhatTriggersABuild(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{
		"app.go": `package app

import (
	_ "embed"
	"net/http"

	"example.com/app/greet"
	"github.com/seed-1b2dc2de/micro/core"
)

//go:embed banner.txt
var banner string

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return greet.Word() + " " + banner, nil
})
`,
		"banner.txt":      "A",
		"greet/greet.go":  "package greet\n\nfunc Word() string { return \"hi\" }\n",
		"greet/x_test.go": "package greet\n",
		"README.md":       "# app\n",
		"testdata/x.txt":  "x",
	})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "hi A")

	// The imported in-module package.
	write(t, dir, "greet/greet.go", "package greet\n\nfunc Word() string { return \"hello\" }\n")
	waitBody(t, d.url, "hello A")
	// The embedded file.
	write(t, dir, "banner.txt", "B")
	waitBody(t, d.url, "hello B")
	builds := d.count("changed")

	// Files outside the build, and a save with the same bytes.
	write(t, dir, "README.md", "# app, edited\n")
	write(t, dir, "greet/x_test.go", "package greet\n\n// edited\n")
	write(t, dir, "testdata/x.txt", "y")
	write(t, dir, "banner.txt", "B")
	// A sentinel change after them: once it is seen, the others would have been too.
	write(t, dir, "greet/greet.go", "package greet\n\nfunc Word() string { return \"hey\" }\n")
	waitBody(t, d.url, "hey B")
	if got := d.count("changed") - builds; got != 1 {
		t.Fatalf("want exactly 1 build for the sentinel edit, got %d; output:\n%s", got, d.output())
	}
	if strings.Contains(d.output(), "README") || strings.Contains(d.output(), "x_test.go") {
		t.Fatalf("a file outside the build triggered a build:\n%s", d.output())
	}
}

func TestBurstOfSavesIsOneBuild(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "v0", nil`)})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "v0")
	before := d.count("changed")
	for i := 1; i <= 10; i++ {
		write(t, dir, "app.go", handlerSrc(fmt.Sprintf(`return "v%d", nil`, i)))
	}
	waitBody(t, d.url, "v10")
	if got := d.count("changed") - before; got != 1 {
		t.Fatalf("a burst of 10 saves made %d builds, want 1; output:\n%s", got, d.output())
	}
}

func TestBrokenBuildThenFix(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "ok", nil`)})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "ok")
	write(t, dir, "app.go", handlerSrc(`return undefinedThing, nil`))
	d.waitCount(t, "build failed", 1)

	text := get(t, d.url, "")
	if text.status != 500 || !strings.Contains(text.body, "app.go:10:9") || !strings.Contains(text.body, "undefined: undefinedThing") {
		t.Fatalf("plain text: got %d %q, want 500 with file:line:col and the message", text.status, text.body)
	}
	page := get(t, d.url, "text/html,application/xhtml+xml")
	if page.status != 500 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") || !strings.Contains(page.body, "undefinedThing") {
		t.Fatalf("html: got %d %s", page.status, page.header.Get("Content-Type"))
	}
	js := get(t, d.url, "application/json")
	var v struct {
		Error struct {
			Status      int `json:"status"`
			Diagnostics []struct {
				File    string `json:"file"`
				Line    int    `json:"line"`
				Column  int    `json:"column"`
				Message string `json:"message"`
			} `json:"diagnostics"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(js.body), &v); err != nil || js.status != 500 {
		t.Fatalf("json: %d %v %q", js.status, err, js.body)
	}
	if len(v.Error.Diagnostics) != 1 || v.Error.Diagnostics[0].Line != 10 || v.Error.Diagnostics[0].Column != 9 ||
		!strings.HasSuffix(v.Error.Diagnostics[0].File, "app.go") {
		t.Fatalf("json diagnostics: %+v", v.Error.Diagnostics)
	}
	// The old binary is never served silently, and the fix recovers.
	write(t, dir, "app.go", handlerSrc(`return "fixed", nil`))
	waitBody(t, d.url, "fixed")
}

func TestCrashThenFix(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "up", nil`)})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "up")
	// A handler package whose init dies: the new child never serves.
	write(t, dir, "app.go", handlerSrc(`return "up", nil`)+"\nfunc init() { println(\"boom at start\"); panic(\"boom\") }\n")
	d.waitCount(t, "the handler stopped", 1)
	r := get(t, d.url, "")
	if r.status != 500 || !strings.Contains(r.body, "exit status 2") || !strings.Contains(r.body, "boom at start") {
		t.Fatalf("crash page: got %d %q", r.status, r.body)
	}
	write(t, dir, "app.go", handlerSrc(`return "back", nil`))
	waitBody(t, d.url, "back")
}

func TestNoRequestFailsDuringReloads(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "r0", nil`)})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "r0")

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	total := 0
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 5000 && ctx.Err() == nil; n++ {
				resp, err := http.Get(d.url)
				mu.Lock()
				total++
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || !strings.HasPrefix(string(b), "r") {
						failures = append(failures, fmt.Sprintf("%d %q", resp.StatusCode, b))
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := 1; i <= 3; i++ {
		write(t, dir, "app.go", handlerSrc(fmt.Sprintf(`return "r%d", nil`, i)))
		waitBody(t, d.url, fmt.Sprintf("r%d", i))
	}
	cancel()
	wg.Wait()
	if len(failures) > 0 || total == 0 {
		t.Fatalf("%d of %d requests failed during 3 reloads: %v", len(failures), total, failures[:min(len(failures), 5)])
	}
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

func TestNoChildOutlivesMicroDev(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "x", nil`)})
			d := startDev(t, dir, "-s")
			waitBody(t, d.url, "x")
			kids := children(d.cmd.Process.Pid)
			if len(kids) != 1 {
				t.Fatalf("want exactly one child, got %v", kids)
			}
			// Signal micro-dev alone, not its group: the child must be
			// stopped by micro-dev, or die with it.
			if err := d.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			<-d.done
			if sig == syscall.SIGTERM && d.cmd.ProcessState.ExitCode() != 0 {
				t.Errorf("exit code after SIGTERM: %d", d.cmd.ProcessState.ExitCode())
			}
			waitGone(t, kids[0])
		})
	}
}

func TestPortTakenMovesOn(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().(*net.TCPAddr).Port
	dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "moved", nil`)})
	// A later -p wins over the -p 0 startDev puts first.
	d := startDev(t, dir, "-s", "-p", strconv.Itoa(taken))
	if strings.HasSuffix(d.url, ":"+strconv.Itoa(taken)) {
		t.Fatalf("micro-dev claims the taken port: %s", d.url)
	}
	if !strings.Contains(d.output(), fmt.Sprintf("port %d is in use", taken)) {
		t.Fatalf("no word about the taken port:\n%s", d.output())
	}
	waitBody(t, d.url, "moved")
}

func TestDropLines(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"micro: Accepting connections on http://127.0.0.1:1\n", ""},
		{"a\nmicro: Accepting connections on http://127.0.0.1:1\nb\n", "a\nb\n"},
		{"partial line", "partial line"},
		{"x micro: Accepting connections on y\n", "x micro: Accepting connections on y\n"},
	}
	for _, tt := range tests {
		if got := string(dropLines([]byte(tt.in), childNoise[0])); got != tt.want {
			t.Errorf("dropLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChildDiesWhileServing(t *testing.T) {
	t.Parallel()
	src := strings.Replace(handlerSrc(`if r.URL.Path == "/die" { println("dying on request"); os.Exit(3) }; return "alive", nil`), `"net/http"`, "\"net/http\"\n\t\"os\"", 1)
	dir := newApp(t, map[string]string{"app.go": src})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "alive")

	// The request that killed it gets the crash page, not a bare 502...
	r := get(t, d.url+"/die", "")
	if r.status != 500 || !strings.Contains(r.body, "exit status 3") || !strings.Contains(r.body, "dying on request") {
		t.Fatalf("the request that crashed the child: %d %q", r.status, r.body)
	}
	// ...and so does every request after it, until a save.
	d.waitCount(t, "the handler stopped", 1)
	if r := get(t, d.url, "application/json"); r.status != 500 || !strings.Contains(r.body, `"exit": "exit status 3"`) {
		t.Fatalf("after the crash: %d %q", r.status, r.body)
	}
	write(t, dir, "app.go", strings.Replace(src, `"alive"`, `"revived"`, 1))
	waitBody(t, d.url, "revived")
}
