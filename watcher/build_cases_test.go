package watcher

import (
	"slices"
	"testing"
	"time"
)

// behaviour is one case of TestWatcher, run once with fsnotify and once
// polling, each time on a fresh fixture and Watcher. Assertions that
// something did not trigger wait for a later change (a sentinel) and check
// that the path did not come before or with it: events are handled in
// order, so no sleep is needed.
type behaviour struct {
	name  string
	cfg   Config
	setup func(t testing.TB, root string) // changes the fixture before New
	run   func(h *harness)
}

// buildBehaviours are about the files of the build.
var buildBehaviours = []behaviour{
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
}
