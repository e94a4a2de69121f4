//go:build unix

package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBuildCommand builds a handler package with `micro build`, then runs
// the binary the way a container would: PORT, a request, SIGTERM, exit 0.
func TestBuildCommand(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/hello")
	// The default output lands in the current directory: a temporary one.
	dir := t.TempDir()
	r := startMicro(t, dir, nil, "build", filepath.Join(moduleRoot(t), "testdata", "hello"))
	if code := r.wait(t); code != 0 {
		t.Fatalf("micro build: exit status %d; stderr:\n%s", code, r.stderr)
	}
	bin := filepath.Join(dir, "hello")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("micro build left %d files in %s, want only hello", len(entries), dir)
	}
	checkStatic(t, bin)

	port := freePort(t)
	srv := startBinary(t, bin, "PORT="+port, "MICRO_LISTEN=")
	url := srv.url(t)
	if !strings.HasSuffix(url, ":"+port) {
		t.Errorf("the binary listens on %s, want port %s from PORT", url, port)
	}
	if status, body := get(t, nil, "http://127.0.0.1:"+port+"/"); status != 200 || body != "Welcome to Micro" {
		t.Errorf("GET = %d %q", status, body)
	}
	stopped(t, srv, syscall.SIGTERM)
}

func TestBuildCommandOutput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture, output, want string
	}{
		{"file", "testdata/shapes/plain", "srv", "srv"},
		{"into a directory", "testdata/mainpkg", ".", "mainpkg"},
		{"into a missing folder", "testdata/shapes/plain", "bin/api", "bin/api"},
		{"into a folder named with a slash", "testdata/shapes/plain", "bin/", "bin/plain"},
		{"into nested missing folders", "testdata/mainpkg", "a/b/", "a/b/mainpkg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			untouched(t, tt.fixture)
			out := t.TempDir()
			// Joined by hand: filepath.Join would drop a trailing slash.
			r := startMicro(t, moduleRoot(t), nil, "build", "-o", out+"/"+tt.output, "./"+tt.fixture)
			if code := r.wait(t); code != 0 {
				t.Fatalf("exit status %d; stderr:\n%s", code, r.stderr)
			}
			checkStatic(t, filepath.Join(out, tt.want))
			if strings.Contains(r.stderr.String(), ".tmp") {
				t.Errorf("stderr names a temporary file:\n%s", r.stderr)
			}
		})
	}
}

func TestBuildCommandBroken(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/broken")
	out := filepath.Join(t.TempDir(), "broken")
	r := startMicro(t, moduleRoot(t), nil, "build", "-o", out, "./testdata/broken")
	if code := r.wait(t); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	checkLines(t, r.stderr.String(), []string{"micro: build failed:", "testdata/broken/broken.go:8:9: undefined: undefinedGreeting"}, 2)
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed build wrote %s", out)
	}
}

// checkStatic checks that bin is an executable without a dynamic loader.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is dynamically linked", bin)
		}
	}
}

// startBinary runs a binary built by micro build, with env added to ours.
func startBinary(t *testing.T, bin string, env ...string) *microProc {
	t.Helper()
	return startBinaryArgs(t, bin, nil, env...)
}

// startBinaryArgs runs a binary built by micro build with args, and env
// added to ours.
func startBinaryArgs(t *testing.T, bin string, args []string, env ...string) *microProc {
	t.Helper()
	r := &microProc{cmd: exec.Command(bin, args...), stdout: newLines(), stderr: newLines(), exited: make(chan struct{})}
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
	t.Cleanup(func() {
		r.cmd.Process.Kill()
		select {
		case <-r.exited:
		case <-time.After(waitLimit):
		}
	})
	return r
}
