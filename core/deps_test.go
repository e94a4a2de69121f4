package core_test

import (
	"os/exec"
	"strings"
	"testing"
)

// core is linked into every production binary, so it must not bring what
// weighs every binary or defeats the linker's dead-code elimination (the
// template packages call reflect's MethodByName), nor any package of this
// module (which could bring those back).
func TestCoreImportsOnlyLeanStdlib(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	forbidden := map[string]bool{"text/template": true, "html/template": true, "embed": true, "regexp": true}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", ".")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps (GOOS=%s): %v\n%s", goos, err, out)
		}
		for line := range strings.Lines(string(out)) {
			path, std, _ := strings.Cut(strings.TrimSpace(line), " ")
			switch {
			case path == "github.com/seed-1b2dc2de/micro/core":
			case std != "true":
				t.Errorf("GOOS=%s: core imports %s, which is not in the standard library", goos, path)
			case forbidden[path] || strings.HasPrefix(path, "regexp/") || strings.HasPrefix(path, "text/template/"):
				t.Errorf("GOOS=%s: core imports %s", goos, path)
			}
		}
	}
}
