package watcher

import (
	"slices"
	"testing"
)

// pathBehaviours are about Ignore, Extra and directories.
var pathBehaviours = []behaviour{
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
