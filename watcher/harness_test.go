package watcher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// waitLimit bounds every wait for a condition; it is generous because the
// test machine is shared and slow under -race. No assertion depends on it.
const waitLimit = 60 * time.Second

// fixture writes a tiny module: a imports b, b embeds data.txt, c is a
// package nobody imports yet, plus files that are not part of the build.
func fixture(t testing.TB) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":           "module example.com/w\n\ngo 1.26\n",
		"a/a.go":           aSource(0, false),
		"a/a_test.go":      "package a\n",
		"a/testdata/x.txt": "x\n",
		"b/b.go":           "package b\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar Data string\n",
		"b/data.txt":       "v0\n",
		"c/c.go":           "package c\n",
		"README.md":        "# w\n",
		".gitignore":       "*.log\n",
		"web/index.html":   "<p>0</p>\n",
		"web/.gitignore":   "cache/\n",
	}
	for name, content := range files {
		mustWrite(t, filepath.Join(root, filepath.FromSlash(name)), content)
	}
	return root
}

// aSource is a/a.go with a version comment, importing c when withC.
func aSource(v int, withC bool) string {
	imports := "import _ \"example.com/w/b\"\n"
	if withC {
		imports = "import (\n\t_ \"example.com/w/b\"\n\t_ \"example.com/w/c\"\n)\n"
	}
	return fmt.Sprintf("package a\n\n%s\n// v%d\n", imports, v)
}

// harness runs a Watcher for one test and records what it sends.
type harness struct {
	t       *testing.T
	root    string
	w       *Watcher
	changes <-chan Change
	n       atomic.Int64 // for unique file contents
}

// start creates and runs a Watcher on root; it is stopped when the test
// ends, and Run must then return nil and close Changes.
func start(t *testing.T, root string, cfg Config) *harness {
	t.Helper()
	cfg.Dir = root
	if len(cfg.Packages) == 0 {
		cfg.Packages = []string{"./a"}
	}
	if cfg.Poll && cfg.Interval == 0 {
		cfg.Interval = 50 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	w, err := New(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatalf("New: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(waitLimit):
			t.Errorf("Run did not return after its context ended")
		}
		for range w.Changes() {
		}
	})
	return &harness{t: t, root: root, w: w, changes: w.Changes()}
}

func (h *harness) path(rel string) string {
	return filepath.Join(h.root, filepath.FromSlash(rel))
}

// write writes a file of the fixture.
func (h *harness) write(rel, content string) {
	h.t.Helper()
	mustWrite(h.t, h.path(rel), content)
}

// replace writes rel atomically, as a temporary file renamed over it, so
// that the watcher never sees it half written.
func (h *harness) replace(rel, content string) {
	h.t.Helper()
	tmp := h.path(rel) + ".tmp~"
	mustWrite(h.t, tmp, content)
	if err := os.Rename(tmp, h.path(rel)); err != nil {
		h.t.Fatal(err)
	}
}

// bump writes rel with content never written before.
func (h *harness) bump(rel string) {
	h.t.Helper()
	h.write(rel, fmt.Sprintf("content %d of %s\n", h.n.Add(1), rel))
}

// bumpA rewrites a/a.go as valid Go with a new version.
func (h *harness) bumpA(withC bool) {
	h.t.Helper()
	h.write("a/a.go", aSource(int(h.n.Add(1)), withC))
}

// waitFor receives changes until one holds the file rel and returns all the
// changes received, that one last.
func (h *harness) waitFor(rel string) []Change {
	h.t.Helper()
	want := h.path(rel)
	var got []Change
	timeout := time.After(waitLimit)
	for {
		select {
		case c, ok := <-h.changes:
			if !ok {
				h.t.Fatalf("Changes closed while waiting for %s", rel)
			}
			got = append(got, c)
			if slices.Contains(c.Paths, want) {
				return got
			}
		case <-timeout:
			h.t.Fatalf("no change of %s within %v; got %v", rel, waitLimit, got)
		}
	}
}

// waitFiles waits until Files holds rel (the file set was recomputed).
func (h *harness) waitFiles(rel string) {
	h.t.Helper()
	want := h.path(rel)
	deadline := time.Now().Add(waitLimit)
	for !slices.Contains(h.w.Files(), want) {
		if time.Now().After(deadline) {
			h.t.Fatalf("Files never held %s: %v", rel, h.w.Files())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// assertNone fails if a change in got holds one of the files rels.
func (h *harness) assertNone(got []Change, rels ...string) {
	h.t.Helper()
	for _, c := range got {
		for _, rel := range rels {
			if slices.Contains(c.Paths, h.path(rel)) {
				h.t.Errorf("%s triggered a change: %s", rel, h.rel(c.Paths))
			}
		}
	}
}

// assertOnly fails unless the last change holds exactly the files rels.
func (h *harness) assertOnly(got []Change, rels ...string) {
	h.t.Helper()
	var want []string
	for _, rel := range rels {
		want = append(want, h.path(rel))
	}
	slices.Sort(want)
	if last := got[len(got)-1].Paths; !slices.Equal(last, want) {
		h.t.Errorf("change = %v, want %v", h.rel(last), rels)
	}
}

func (h *harness) rel(paths []string) string {
	var rels []string
	for _, p := range paths {
		r, _ := filepath.Rel(h.root, p)
		rels = append(rels, filepath.ToSlash(r))
	}
	return strings.Join(rels, " ")
}

// rename renames within the fixture.
func (h *harness) rename(from, to string) {
	h.t.Helper()
	if err := os.Rename(h.path(from), h.path(to)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) remove(rel string) {
	h.t.Helper()
	if err := os.RemoveAll(h.path(rel)); err != nil {
		h.t.Fatal(err)
	}
}
