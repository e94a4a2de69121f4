//go:build unix

package readme

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadme runs the README's examples, top to bottom, in a temporary
// module that uses this checkout: files are written, shell steps run (with
// micro and micro-dev built from this checkout first on PATH), servers
// start and answer the curl lines the README shows, the Dockerfile's build
// runs, and finally every Go file is compiled and vetted.
func TestReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("builds micro and micro-dev and runs the README's servers")
	}
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := parseBlocks(string(md))
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(t, root)
	for _, b := range blocks {
		if b.kind != "curl" {
			r.stopServer()
		}
		switch b.kind {
		case "file":
			r.file(b)
		case "sh":
			r.sh(b)
		case "serve":
			r.serve(b)
		case "curl":
			r.curl(b)
		case "dockerfile":
			r.dockerfile(b)
		case "kubernetes":
			r.kubernetes(b)
		case "checkout":
			r.checkout(b)
		}
	}
	r.stopServer()
	if r.ran["serve"] < 3 || r.ran["curl"] < 3 || r.ran["file"] < 2 || r.ran["dockerfile"] != 1 || r.ran["kubernetes"] != 1 || r.ran["checkout"] != 1 {
		t.Errorf("the README's examples ran too few steps (%v): are the markers still there?", r.ran)
	}
	// Every Go file of the README compiles, tests included, and is vetted.
	r.goCmd("vet", "./...")
}

// buildCommands builds micro and micro-dev from the checkout into dir.
func buildCommands(t *testing.T, root, dir string) {
	t.Helper()
	for _, name := range []string{"micro", "micro-dev"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "./cmd/"+name)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", name, err, out)
		}
	}
}

// environ is the environment of every step: ours without what would change
// what the README shows, with bin first on PATH, and with the build's
// temporary and cache folders inside the test's, so nothing is left behind
// (GOCACHE stays: a cold cache would compile the standard library again).
// GOPROXY=off: this checkout is the module micro, through a replace, and
// the proxy refuses a module path it does not serve.
func environ(t *testing.T, bin string) []string {
	t.Helper()
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for _, d := range []string{"tmp", "cache"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "PATH", "MICRO_LISTEN", "PORT", "MICRO_ENV", "MICRO_SHUTDOWN_TIMEOUT", "GOFLAGS", "GOPROXY",
			"GOWORK", "GOCACHE", "XDG_CACHE_HOME", "TMPDIR", "NO_COLOR":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "NO_COLOR=1",
		"GOCACHE="+strings.TrimSpace(string(gocache)),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"TMPDIR="+filepath.Join(tmp, "tmp"))
}
