package runner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// resolve resolves a fixture or fails the test.
func resolve(t *testing.T, pattern string) *Target {
	t.Helper()
	target, err := Resolve(context.Background(), pattern)
	if err != nil {
		t.Fatal(err)
	}
	return target
}

// noMicroDir fails the test if a build left .micro in the module root.
func noMicroDir(t *testing.T, root string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, ".micro")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the build wrote %s into the user's tree", filepath.Join(root, ".micro"))
	}
}

func TestBuildMain(t *testing.T) {
	t.Parallel()
	target := resolve(t, "../testdata/mainpkg")
	dir := t.TempDir()
	out := filepath.Join(dir, "mainpkg")
	res, err := (&Build{Target: target, Output: out, Flags: []string{"-trimpath"}, Env: []string{"CGO_ENABLED=0"}}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Duration <= 0 {
		t.Errorf("Duration = %v, want > 0", res.Duration)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("%s is not executable: %v", out, fi.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the output directory holds %d entries, want only the binary", len(entries))
	}
}

// TestBuildHandler builds a handler package and runs the binary the way a
// user of `micro build` would: -l, a request, SIGTERM, exit 0.
func TestBuildHandler(t *testing.T) {
	t.Parallel()
	target := resolve(t, "../testdata/hello")
	out := filepath.Join(t.TempDir(), "hello")
	if _, err := (&Build{Target: target, Output: out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	noMicroDir(t, target.ModuleRoot)

	cmd := exec.Command(out, "-l", "tcp://127.0.0.1:0")
	cmd.Env = append(os.Environ(), "MICRO_ENV=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := bufio.NewScanner(stderr)
	var url string
	for url == "" && lines.Scan() {
		url, _ = strings.CutPrefix(lines.Text(), "micro: Accepting connections on ")
	}
	if url == "" {
		t.Fatalf("the binary never said where it listens")
	}
	go io.Copy(io.Discard, stderr)

	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "Welcome to Micro" {
		t.Errorf("GET %s = %d %q, want 200 Welcome to Micro", url, resp.StatusCode, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, want exit status 0", err)
	}
}

func TestBuildBroken(t *testing.T) {
	t.Parallel()
	target := resolve(t, "../testdata/broken")
	out := filepath.Join(t.TempDir(), "broken")
	// A failed build must leave an older binary as it was.
	if err := os.WriteFile(out, []byte("old"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := (&Build{Target: target, Output: out}).Run(context.Background())
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("Run = %v, want a *BuildError", err)
	}
	want := Diagnostic{File: filepath.Join(target.Dir, "broken.go"), Line: 8, Col: 9, Message: "undefined: undefinedGreeting"}
	if len(be.Diagnostics) != 1 || be.Diagnostics[0] != want {
		t.Errorf("Diagnostics = %+v, want [%+v]", be.Diagnostics, want)
	}
	if !strings.Contains(be.Output, "broken.go:8:9: undefined: undefinedGreeting") {
		t.Errorf("Output = %q, want the compiler's message", be.Output)
	}
	if data, _ := os.ReadFile(out); string(data) != "old" {
		t.Errorf("the failed build replaced %s", out)
	}
	noMicroDir(t, target.ModuleRoot)
}

func TestBuildModuleWithoutMicro(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"h.go": "package h\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n",
	})
	target, err := resolveDir(".", dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Build{Target: target, Output: filepath.Join(t.TempDir(), "h"), Env: []string{"GOPROXY=off", "GOFLAGS=-mod=readonly"}}).Run(context.Background())
	want := "module example.com/m does not require github.com/seed-1b2dc2de/micro: run \"go get github.com/seed-1b2dc2de/micro/core\" in " + dir
	if err == nil || err.Error() != want {
		t.Fatalf("Run = %v, want %q", err, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the build changed the module: %d entries, want go.mod and h.go", len(entries))
	}
}

func TestBuildCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "mainpkg")
	_, err := (&Build{Target: resolve(t, "../testdata/mainpkg"), Output: out}).Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled build wrote %s", out)
	}
}

func TestBuildWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := (&Build{Target: resolve(t, "../testdata/mainpkg"), Output: filepath.Join(t.TempDir(), "x")}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "go toolchain not found on PATH: install Go from https://go.dev/dl/") {
		t.Fatalf("Run = %v, want a go toolchain not found error", err)
	}
}

func TestBuildInvalid(t *testing.T) {
	t.Parallel()
	for _, b := range []*Build{{}, {Target: &Target{}}} {
		if _, err := b.Run(context.Background()); err == nil {
			t.Errorf("Run(%+v) succeeded, want an error", b)
		}
	}
}

func TestPublish(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := publish(src, dir); err == nil {
		t.Error("publishing onto a directory succeeded")
	}
	dst := filepath.Join(dir, "dst")
	if err := publish(src, dst); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(dst); string(data) != "bin" {
		t.Errorf("dst holds %q, want bin", data)
	}
}

// ExampleBuild_Run builds the handler package of the current directory into
// ./app, as `micro build` does.
func ExampleBuild_Run() {
	ctx := context.Background()
	target, err := Resolve(ctx, ".")
	if err != nil {
		panic(err)
	}
	b := &Build{Target: target, Output: "app", Flags: []string{"-trimpath"}, Env: []string{"CGO_ENABLED=0"}}
	if _, err := b.Run(ctx); err != nil {
		var be *BuildError
		if errors.As(err, &be) {
			for _, d := range be.Diagnostics {
				fmt.Println(d)
			}
		}
		fmt.Println(err)
	}
}

func TestPruneBuilds(t *testing.T) {
	t.Parallel()
	builds := t.TempDir()
	live, gone, unknown := filepath.Join(builds, "live"), filepath.Join(builds, "gone"), filepath.Join(builds, "unknown")
	for dir, root := range map[string]string{live: t.TempDir(), gone: filepath.Join(t.TempDir(), "deleted"), unknown: ""} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if root != "" {
			if err := os.WriteFile(filepath.Join(dir, rootFile), []byte(root), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	pruneBuilds(builds)
	for dir, want := range map[string]bool{live: true, gone: false, unknown: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
}

// Builds cancelled mid-compile leave no go-build work directory: go is
// killed and cannot remove it, but it was in a GOTMPDIR of ours.
func TestBuildCancelMidCompileLeavesNoTemp(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	target := resolve(t, "../testdata/mainpkg")
	for i := range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		// -a rebuilds the standard library too: go is sure to be busy
		// compiling when the test cancels it.
		b := &Build{Target: target, Output: filepath.Join(t.TempDir(), "out"), Flags: []string{"-a"}, Env: []string{"GOTMPDIR=" + tmp}}
		errc := make(chan error, 1)
		go func() { _, err := b.Run(ctx); errc <- err }()
		pollUntil(t, "go to make its work directory", func() bool {
			m, _ := filepath.Glob(filepath.Join(tmp, goTmpPrefix+"*", "go-build*"))
			return len(m) > 0
		})
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("build %d: Run = %v, want context.Canceled", i, err)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Fatalf("build %d: a cancelled build left %s in GOTMPDIR", i, left[0].Name())
		}
	}
}
