//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrors runs micro on packages it cannot serve: each gets a clear
// "micro:" line on stderr, exit status 1, no Go stack of micro's own, and
// the fixture is left as it was.
func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		args    []string
		stderr  []string // lines stderr must hold, in order
		lines   int      // how many lines stderr has; 0: any
	}{
		{name: "no such package", args: []string{"./testdata/nope"}, stderr: []string{"micro: no such package ./testdata/nope: directory "}, lines: 1},
		{name: "no handler", fixture: "testdata/nohandler", stderr: []string{"micro: package nohandler (./testdata/nohandler) exports no Handler"}, lines: 1},
		{name: "bad shape", fixture: "testdata/badshape", stderr: []string{"micro: package badshape (./testdata/badshape): Handler is 42 (an integer), but micro serves a Handler that is a core.Func,"}, lines: 1},
		{name: "bad shape at run time", fixture: "testdata/badshape/late", stderr: []string{"micro: github.com/seed-1b2dc2de/micro/testdata/badshape/late.Handler: "}, lines: 1},
		{name: "compile error", fixture: "testdata/broken", stderr: []string{"micro: build failed:", "testdata/broken/broken.go:8:9: undefined: undefinedGreeting"}, lines: 2},
		{name: "crash at start", fixture: "testdata/crash", stderr: []string{"crash: cannot start, exiting with status 3 on purpose", "micro: ./testdata/crash exited: exit status 3"}, lines: 2},
		{name: "panic at init", fixture: "testdata/crash/panics", stderr: []string{"panic: panics: Handler cannot be built", "micro: ./testdata/crash/panics exited: exit status 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-l", "tcp://127.0.0.1:0"}, tt.args...)
			if tt.fixture != "" {
				untouched(t, tt.fixture)
				args = append(args, "./"+tt.fixture)
			}
			r := startMicro(t, moduleRoot(t), nil, args...)
			if code := r.wait(t); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			checkLines(t, r.stderr.String(), tt.stderr, tt.lines)
		})
	}
}

// checkLines checks that stderr has lines starting with want, in order,
// and n lines in all (unless n is 0).
func checkLines(t *testing.T, stderr string, want []string, n int) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	i := 0
	for _, line := range got {
		if i < len(want) && strings.HasPrefix(line, want[i]) {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("stderr lacks a line starting %q:\n%s", want[i], stderr)
	}
	if n > 0 && len(got) != n {
		t.Errorf("stderr has %d lines, want %d:\n%s", len(got), n, stderr)
	}
	if !strings.HasPrefix(stderr, "micro: ") && !strings.Contains(stderr, "\nmicro: ") {
		t.Errorf("no line starts with micro: in\n%s", stderr)
	}
}

// TestModuleWithoutMicro serves a handler from a module that does not
// require micro: the error says which go get to run, and where.
func TestModuleWithoutMicro(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/nomicro\n\ngo 1.26\n",
		"h.go":   "package h\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := startMicro(t, dir, []string{"GOPROXY=off", "GOFLAGS=-mod=readonly"}, "-l", "tcp://127.0.0.1:0")
	if code := r.wait(t); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := "micro: module example.com/nomicro does not require github.com/seed-1b2dc2de/micro: run \"go get github.com/seed-1b2dc2de/micro/core\" in " + dir + "\n"
	if got := r.stderr.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestNoGoToolchain(t *testing.T) {
	t.Parallel()
	r := startMicro(t, moduleRoot(t), []string{"PATH=" + t.TempDir()}, "-l", "tcp://127.0.0.1:0", "./testdata/hello")
	if code := r.wait(t); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	checkLines(t, r.stderr.String(), []string{"micro: go toolchain not found on PATH: install Go from https://go.dev/dl/"}, 1)
}
