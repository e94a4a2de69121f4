package watcher

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWatcher(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name string
		poll bool
	}{{"fsnotify", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			for _, b := range slices.Concat(buildBehaviours, pathBehaviours) {
				t.Run(b.name, func(t *testing.T) {
					t.Parallel()
					cfg := b.cfg
					cfg.Poll = mode.poll
					root := fixture(t)
					if b.setup != nil {
						b.setup(t, root)
					}
					for i, e := range cfg.Extra {
						cfg.Extra = slices.Clone(cfg.Extra)
						cfg.Extra[i] = root + "/" + e
					}
					b.run(start(t, root, cfg))
				})
			}
		})
	}
}

func TestFiles(t *testing.T) {
	t.Parallel()
	h := start(t, fixture(t), Config{})
	got := h.rel(h.w.Files())
	if want := "a/a.go b/b.go b/data.txt go.mod"; got != want {
		t.Errorf("Files() = %s, want %s", got, want)
	}
}

// TestIgnoreRootName checks that a glob matching the name of the module
// root does not ignore the whole module.
func TestIgnoreRootName(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	h := start(t, root, Config{Ignore: []string{filepath.Base(root)}})
	h.bumpA(false)
	h.waitFor("a/a.go")
}

// TestBrokenBuild checks that a package that does not compile is watched,
// so that the fix triggers a rebuild.
func TestBrokenBuild(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	mustWrite(t, root+"/a/a.go", "package a\n\nimport (\n\t_ \"example.com/w/b\"\n\t_ \"example.com/w/nowhere\"\n)\n\nfunc {\n")
	mustWrite(t, root+"/b/b.go", "package b\n\nfunc broken( {\n")
	h := start(t, root, Config{})
	if got := h.rel(h.w.Files()); got != "a/a.go b/b.go go.mod" {
		t.Errorf("Files() = %s, want a/a.go b/b.go go.mod", got)
	}
	h.bumpA(false)
	h.waitFor("a/a.go")
	h.write("b/b.go", "package b\n")
	h.waitFor("b/b.go")
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	mustWrite(t, root+"/go.mod", "module example.com/w\n\ngarbage\n")
	_, err := New(context.Background(), Config{Dir: root, Packages: []string{"./a"}})
	if err == nil || !strings.Contains(err.Error(), "unknown directive: garbage") {
		t.Errorf("New with a broken go.mod: err = %v, want go's message", err)
	}
	_, err = New(context.Background(), Config{Dir: root, Ignore: []string{"[x"}})
	if err == nil || !strings.Contains(err.Error(), `"[x"`) {
		t.Errorf("New with a bad ignore pattern: err = %v", err)
	}
	_, err = New(context.Background(), Config{Dir: root + "/nowhere"})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("New in a missing directory: err = %v, want fs.ErrNotExist", err)
	}
}

func TestRunTwice(t *testing.T) {
	t.Parallel()
	w, err := New(context.Background(), Config{Dir: fixture(t), Packages: []string{"./a"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Errorf("Run with a finished context: %v", err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Error("Changes not closed when Run returned")
	}
	if err := w.Run(ctx); err == nil {
		t.Error("second Run returned nil")
	}
}
