package watcher

import (
	"path/filepath"
	"testing"
)

// TestWorkspace checks that with go.work the packages of every workspace
// module count, and go.work itself.
func TestWorkspace(t *testing.T) {
	t.Parallel()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"go.work":      "go 1.26\n\nuse (\n\t./app\n\t./lib\n)\n",
		"app/go.mod":   "module example.com/app\n\ngo 1.26\n",
		"app/main.go":  "package main\n\nimport \"example.com/lib\"\n\nfunc main() { lib.F() }\n",
		"lib/go.mod":   "module example.com/lib\n\ngo 1.26\n",
		"lib/lib.go":   "package lib\n\nfunc F() {}\n",
		"lib/other.go": "//go:build ignore\n\npackage lib\n",
	} {
		mustWrite(t, filepath.Join(root, filepath.FromSlash(name)), content)
	}
	h := start(t, root+"/app", Config{Packages: []string{"."}})
	h.root = root
	want := "app/go.mod app/main.go go.work lib/go.mod lib/lib.go"
	if got := h.rel(h.w.Files()); got != want {
		t.Errorf("Files() = %s, want %s", got, want)
	}
	h.write("lib/lib.go", "package lib\n\nfunc F() { println() }\n")
	h.assertOnly(h.waitFor("lib/lib.go"), "lib/lib.go")
	h.write("lib/other.go", "//go:build ignore\n\npackage lib // excluded by its build constraint\n")
	h.write("go.work", "go 1.26.0\n\nuse (\n\t./app\n\t./lib\n)\n")
	h.assertNone(h.waitFor("go.work"), "lib/other.go")
}
