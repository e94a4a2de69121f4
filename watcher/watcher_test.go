package watcher

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// behaviours are run once with fsnotify and once polling. Each gets a fresh
// fixture and Watcher. Assertions that something did not trigger wait for a
// later change (a sentinel) and check that the path did not come before or
// with it: events are handled in order, so no sleep is needed.
var behaviours = []struct {
	name  string
	cfg   Config
	setup func(t testing.TB, root string) // changes the fixture before New
	run   func(h *harness)
}{
	{"edit of the root package", Config{}, nil, func(h *harness) {
		h.bumpA(false)
		h.assertOnly(h.waitFor("a/a.go"), "a/a.go")
	}},
	{"edit of a dependency", Config{}, nil, func(h *harness) {
		h.write("b/b.go", "package b\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar Data string // edited\n")
		h.assertOnly(h.waitFor("b/b.go"), "b/b.go")
	}},
	{"edit of an embedded file", Config{}, nil, func(h *harness) {
		h.bump("b/data.txt")
		h.assertOnly(h.waitFor("b/data.txt"), "b/data.txt")
	}},
	{"identical bytes trigger nothing", Config{}, nil, func(h *harness) {
		h.write("a/a.go", aSource(0, false)) // as the fixture wrote it
		h.write("b/b.go", "package b\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar Data string\n")
		h.bump("b/data.txt")
		h.assertNone(h.waitFor("b/data.txt"), "a/a.go", "b/b.go")
	}},
	{"files outside the build trigger nothing", Config{}, nil, func(h *harness) {
		h.bump("README.md")
		h.bump("a/a_test.go")
		h.bump("a/testdata/x.txt")
		h.bump("a/notes.txt")
		h.bump("c/c.go") // in the module, not imported
		h.bump(".git/HEAD")
		h.bump("b/data.txt")
		h.assertNone(h.waitFor("b/data.txt"), "README.md", "a/a_test.go", "a/testdata/x.txt",
			"a/notes.txt", "c/c.go", ".git/HEAD")
	}},
	{"a burst of writes is one change", Config{Debounce: time.Second}, nil, func(h *harness) {
		for range 20 {
			h.bumpA(false)
		}
		got := h.waitFor("a/a.go")
		h.bump("b/data.txt")
		got = append(got, h.waitFor("b/data.txt")...)
		n := 0
		for _, c := range got {
			if slices.Contains(c.Paths, h.path("a/a.go")) {
				n++
			}
		}
		if n != 1 {
			h.t.Errorf("20 writes in a burst gave %d changes of a/a.go, want 1: %v", n, got)
		}
	}},
	{"vim save: backup, rename and write", Config{}, nil, func(h *harness) {
		h.write("a/.a.go.swp", "swap")
		h.write("a/4913", "")
		h.remove("a/4913")
		h.rename("a/a.go", "a/a.go~")
		h.write("a/a.go", aSource(1, false))
		h.remove("a/a.go~")
		h.assertOnly(h.waitFor("a/a.go"), "a/a.go")
	}},
	{"JetBrains save: write a temporary file, rename it over", Config{}, nil, func(h *harness) {
		h.write("a/a.go___jb_tmp___", aSource(2, false))
		h.rename("a/a.go", "a/a.go___jb_old___")
		h.rename("a/a.go___jb_tmp___", "a/a.go")
		h.remove("a/a.go___jb_old___")
		h.assertOnly(h.waitFor("a/a.go"), "a/a.go")
	}},
	{"delete and recreate", Config{}, nil, func(h *harness) {
		h.remove("b/data.txt")
		h.assertOnly(h.waitFor("b/data.txt"), "b/data.txt")
		h.write("b/data.txt", "back\n")
		h.assertOnly(h.waitFor("b/data.txt"), "b/data.txt")
	}},
	{"package directory removed and recreated", Config{}, nil, func(h *harness) {
		h.remove("b")
		h.write("b/b.go", "package b\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar Data string // recreated\n")
		h.write("b/data.txt", "v0\n")
		h.waitFor("b/b.go")
		// The directory is watched again.
		h.bump("b/data.txt")
		h.waitFor("b/data.txt")
	}},
	{"a newly imported package is watched", Config{}, nil, func(h *harness) {
		h.bumpA(true)
		h.waitFor("a/a.go")
		// Written while go list may still run: must not be lost.
		h.bump("c/c.go")
		h.waitFor("c/c.go")
		h.waitFiles("c/c.go")
		h.write("c/c.go", "package c // again\n")
		h.waitFor("c/c.go")
	}},
	{"a new Go file in a package", Config{}, nil, func(h *harness) {
		h.write("b/more.go", "package b\n")
		h.waitFor("b/more.go")
		h.waitFiles("b/more.go")
	}},
	{"a missing package appears", Config{}, nil, func(h *harness) {
		h.write("a/a.go", "package a\n\nimport _ \"example.com/w/later\"\n")
		h.waitFor("a/a.go")
		h.write("later/later.go", "package later\n")
		h.waitFor("later/later.go")
		h.waitFiles("later/later.go")
	}},
	{"ignore by relative path", Config{Ignore: []string{"b/data.txt"}}, nil, func(h *harness) {
		if slices.Contains(h.w.Files(), h.path("b/data.txt")) {
			h.t.Errorf("Files holds the ignored b/data.txt")
		}
		h.bump("b/data.txt")
		h.bumpA(false)
		h.assertNone(h.waitFor("a/a.go"), "b/data.txt")
	}},
	{"ignore by base name", Config{Ignore: []string{"*.txt"}}, nil, func(h *harness) {
		h.bump("b/data.txt")
		h.bumpA(false)
		h.assertNone(h.waitFor("a/a.go"), "b/data.txt")
	}},
	{"ignore a directory", Config{Ignore: []string{"b"}}, nil, func(h *harness) {
		h.bump("b/data.txt")
		h.write("b/b.go", "package b // ignored\n")
		h.bumpA(false)
		h.assertNone(h.waitFor("a/a.go"), "b/data.txt", "b/b.go")
	}},
	{"watch: a file in a new subdirectory", Config{Extra: []string{"web"}}, nil, func(h *harness) {
		h.write("web/sub/deeper/page.html", "<p>new</p>\n")
		h.assertOnly(h.waitFor("web/sub/deeper/page.html"), "web/sub/deeper/page.html")
		h.bump("web/sub/deeper/page.html")
		h.waitFor("web/sub/deeper/page.html")
	}},
	{"watch: .gitignore and tests do not trigger", Config{Extra: []string{"web"}}, nil, func(h *harness) {
		h.bump("web/debug.log")       // root .gitignore
		h.bump("web/cache/x.html")    // web/.gitignore
		h.bump("web/x_test.go")       // a test
		h.bump("web/.index.html.swp") // an editor's swap file
		h.bump("web/testdata/y.html")
		h.bump("web/index.html")
		h.assertNone(h.waitFor("web/index.html"), "web/debug.log", "web/cache/x.html",
			"web/x_test.go", "web/.index.html.swp", "web/testdata/y.html")
	}},
	{"watch: a single file", Config{Extra: []string{"README.md"}}, nil, func(h *harness) {
		h.bump("README.md")
		h.assertOnly(h.waitFor("README.md"), "README.md")
	}},
	{"directory moved away and another moved in", Config{}, nil, func(h *harness) {
		h.write("new/b.go", "package b\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar Data string // moved in\n")
		h.write("new/data.txt", "v0\n")
		h.rename("b", "old")
		h.rename("new", "b")
		h.assertOnly(h.waitFor("b/b.go"), "b/b.go")
		h.bump("b/data.txt")
		h.waitFor("b/data.txt")
	}},
	{"watch: the watched directory removed and recreated", Config{Extra: []string{"web"}}, nil, func(h *harness) {
		h.remove("web")
		h.waitFor("web/index.html")
		h.write("web/index.html", "<p>back</p>\n")
		h.waitFor("web/index.html")
		h.write("web/sub/x.html", "<p>x</p>\n")
		h.waitFor("web/sub/x.html")
	}},
	{"embedded directory: new files and subdirectories", Config{}, func(t testing.TB, root string) {
		mustWrite(t, root+"/b/b.go", "package b\n\nimport \"embed\"\n\n//go:embed static\nvar Static embed.FS\n")
		mustWrite(t, root+"/b/static/a.css", "a{}\n")
	}, func(h *harness) {
		h.bump("b/static/a.css")
		h.waitFor("b/static/a.css")
		h.write("b/static/new.css", "b{}\n")
		h.waitFor("b/static/new.css")
		h.write("b/static/.hidden", "x")        // not embedded: hidden
		h.write("b/static/img/x.svg", "<svg/>") // a new subdirectory
		h.assertNone(h.waitFor("b/static/img/x.svg"), "b/static/.hidden")
		h.bump("b/data.txt") // no longer embedded
		h.bump("b/static/img/x.svg")
		h.assertNone(h.waitFor("b/static/img/x.svg"), "b/data.txt")
	}},
	{"an edit that keeps the imports runs no go list", Config{}, nil, func(h *harness) {
		// Written atomically: a half-written file may well need go list.
		h.replace("a/a.go", aSource(1, false))
		h.waitFor("a/a.go")
		h.replace("b/b.go", "package b\n\nimport _ \"embed\"\n\nvar X = 1\n\n//go:embed data.txt\nvar Data string\n")
		h.waitFor("b/b.go")
		if n := h.w.refreshes.Load(); n != 0 {
			h.t.Errorf("go list ran %d times for edits that change no imports", n)
		}
		h.replace("a/a.go", aSource(2, true))
		h.waitFor("a/a.go")
		if n := h.w.refreshes.Load(); n == 0 {
			h.t.Errorf("go list did not run after an import was added")
		}
	}},
	{"go.mod", Config{}, nil, func(h *harness) {
		h.write("go.mod", "module example.com/w\n\ngo 1.26.0\n")
		h.assertOnly(h.waitFor("go.mod"), "go.mod")
	}},
	{"a slow receiver gets one change with every path", Config{}, nil, func(h *harness) {
		// Nothing is received until both new files are in Files: by then the
		// watcher has handled every write, and has not blocked on sending.
		h.write("b/one.go", "package b\n")
		h.waitFiles("b/one.go")
		h.bump("b/data.txt")
		h.write("b/two.go", "package b\n")
		h.waitFiles("b/two.go")
		h.assertOnly(h.waitFor("b/two.go"), "b/data.txt", "b/one.go", "b/two.go")
	}},
}

func TestWatcher(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name string
		poll bool
	}{{"fsnotify", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			for _, b := range behaviours {
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
