package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildExplainsChangedPackage builds a handler package, then changes it
// under the Target as a user of micro-dev may while it runs, and checks
// that no failure names the generated main and each says what to do.
func TestBuildExplainsChangedPackage(t *testing.T) {
	t.Parallel()
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	const handler = "package h\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n"
	cases := []struct {
		name   string
		change func(t *testing.T, dir string) // dir is the package directory
		check  func(t *testing.T, dir string, err error)
	}{
		{"Handler renamed", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "h.go"), strings.Replace(handler, "Handler(", "handler(", 1))
		}, func(t *testing.T, dir string, err error) {
			want := "package h (" + dir + ") exports no Handler (it has an unexported handler: rename it Handler): declare one"
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %v, want the start-up message %q", err, want)
			}
		}},
		{"directory removed", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, dir string, err error) {
			want := "no such package " + dir + ": directory " + dir + " does not exist"
			if err.Error() != want {
				t.Errorf("err = %v, want %q", err, want)
			}
		}},
		{"file of NUL bytes", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "h.go"), "package h\n\n"+strings.Repeat("\x00", 64))
		}, func(t *testing.T, dir string, err error) {
			var be *BuildError
			if !errors.As(err, &be) || len(be.Diagnostics) != 1 {
				t.Fatalf("err = %#v, want a *BuildError with one diagnostic", err)
			}
			want := Diagnostic{File: filepath.Join(dir, "h.go"), Line: 3, Col: 1, Message: "unexpected NUL in input"}
			if be.Diagnostics[0] != want {
				t.Errorf("diagnostic = %+v, want %+v", be.Diagnostics[0], want)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := writeModule(t, map[string]string{
				"go.mod": fmt.Sprintf("module example.com/app\n\ngo 1.26.0\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", modulePathMicro, modulePathMicro, repo),
				"h/h.go": handler,
			})
			dir := filepath.Join(root, "h")
			target := resolve(t, dir)
			b := &Build{Target: target, Output: filepath.Join(t.TempDir(), "h")}
			if _, err := b.Run(context.Background()); err != nil {
				t.Fatalf("first build: %v", err)
			}
			c.change(t, dir)
			_, err := b.Run(context.Background())
			if err == nil {
				t.Fatal("the build of the changed package succeeded")
			}
			if strings.Contains(err.Error(), ".micro") || strings.Contains(err.Error(), "main.go") {
				t.Errorf("err names the generated main: %v", err)
			}
			var be *BuildError
			if errors.As(err, &be) && strings.Contains(be.Output, "main.go") {
				t.Errorf("the output names the generated main: %s", be.Output)
			}
			c.check(t, dir, err)
		})
	}
}

// TestExplain checks what explain does with diagnostics it cannot map to
// a start-up message, and that it leaves other failures alone.
func TestExplain(t *testing.T) {
	t.Parallel()
	root := writeModule(t, map[string]string{"h/h.go": "package h\n\nimport \"net/http\"\n\nvar Handler http.Handler\n"})
	dir := filepath.Join(root, "h")
	target := &Target{Pattern: "./h", Dir: dir, ImportPath: "example.com/m/h", Name: "h", ModuleRoot: root, ModulePath: "example.com/m"}
	gen := filepath.Join(root, ".micro", "main.go")

	user := &BuildError{Diagnostics: []Diagnostic{{File: filepath.Join(dir, "h.go"), Line: 5, Col: 1, Message: "x"}}, Output: "o"}
	if got := explain(target, user); got != user {
		t.Errorf("a failure in the user's files was changed: %v", got)
	}
	main := &Target{Main: true, ModuleRoot: root}
	if got := explain(main, &BuildError{Diagnostics: []Diagnostic{{File: gen}}}); got.(*BuildError).Diagnostics[0].File != gen {
		t.Errorf("a main package's failure was changed: %v", got)
	}

	got := explain(target, &BuildError{Diagnostics: []Diagnostic{{File: gen, Line: 17, Col: 2, Message: "import cycle not allowed"}}})
	var be *BuildError
	if !errors.As(got, &be) || len(be.Diagnostics) != 1 {
		t.Fatalf("explain = %#v, want a *BuildError", got)
	}
	want := Diagnostic{File: dir, Message: "package h (./h): import cycle not allowed"}
	if be.Diagnostics[0] != want {
		t.Errorf("diagnostic = %+v, want %+v", be.Diagnostics[0], want)
	}
	if strings.Contains(be.Output, ".micro") {
		t.Errorf("output names the generated main: %s", be.Output)
	}

	write(t, filepath.Join(dir, "h.go"), "package main\n\nfunc main() {}\n")
	got = explain(target, &BuildError{Diagnostics: []Diagnostic{{File: gen, Line: 17, Col: 2, Message: `import "example.com/m/h" is a program, not an importable package`}}})
	if want := "package h (./h) became a main package: restart to run it as a program"; got.Error() != want {
		t.Errorf("explain of a package turned main = %v, want %q", got, want)
	}
}

func TestUnreadableFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	odd := filepath.Join(dir, "a: b.go")
	write(t, odd, "package a\n\nvar x = 1 \x00\n")
	d := unreadableFile("read " + odd + ": unexpected NUL in input")
	if d == nil || *d != (Diagnostic{File: odd, Line: 3, Col: 11, Message: "unexpected NUL in input"}) {
		t.Errorf("unreadableFile = %+v", d)
	}
	for _, msg := range []string{"undefined: handler.Handler", "read " + dir + "/none.go: no such file", "read relative.go: x"} {
		if d := unreadableFile(msg); d != nil {
			t.Errorf("unreadableFile(%q) = %+v, want nil", msg, d)
		}
	}
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
