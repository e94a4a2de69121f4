package devserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/runner"
)

// The compile page shows the source as the compiler saw it: a save that
// fixes the line moments later does not put the old error over new code.
func TestCompilePageShowsTheSourceTheBuildSaw(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	file := filepath.Join(root, "api.go")
	if err := os.WriteFile(file, []byte("package api\n\nvar x = undefinedThing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) { c.ModuleRoot = root })
	h.nextBuild(1).finish(&runner.BuildError{
		Diagnostics: []runner.Diagnostic{{File: file, Line: 3, Col: 9, Message: "undefined: undefinedThing"}},
		Output:      file + ":3:9: undefined: undefinedThing",
	})
	h.event("build failed")
	if err := os.WriteFile(file, []byte("package api\n\nvar x = fixedNow\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := h.get("/", "text/html").body
	if !strings.Contains(page, "undefinedThing</") && !strings.Contains(page, "undefinedThing<") {
		t.Errorf("the page lacks the line the compiler saw")
	}
	if strings.Contains(page, "fixedNow") {
		t.Errorf("the page shows the source saved after the build failed")
	}
}
