//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

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
