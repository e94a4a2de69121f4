package watcher

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestModulePath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ gomod, want string }{
		{"module example.com/m\n\ngo 1.26\n", "example.com/m"},
		{"// comment\nmodule \"example.com/q\" // quoted\n", "example.com/q"},
		{"module (\n\texample.com/block\n)\n", "example.com/block"},
		{"modulex example.com/no\n", ""},
		{"go 1.26\n", ""},
	} {
		p := filepath.Join(dir, "go.mod")
		mustWrite(t, p, c.gomod)
		if got := modulePath(p); got != c.want {
			t.Errorf("modulePath(%q) = %q, want %q", c.gomod, got, c.want)
		}
	}
	if got := modulePath(filepath.Join(dir, "none", "go.mod")); got != "" {
		t.Errorf("modulePath of a missing file = %q", got)
	}
	work := filepath.Join(dir, "go.work")
	mustWrite(t, work, "go 1.26\n\nuse ./app\nuse (\n\t./lib // the library\n\t\"/abs/x\"\n)\n")
	want := []string{filepath.Join(dir, "app"), filepath.Join(dir, "lib"), "/abs/x"}
	if got := workModules(work); !slices.Equal(got, want) {
		t.Errorf("workModules = %v, want %v", got, want)
	}
}
