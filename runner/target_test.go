package runner

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the module root, as an absolute path, seen from this package.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestResolveFixtures(t *testing.T) {
	t.Parallel()
	mod := root(t)
	tests := []struct {
		pattern string
		name    string // package name, when it resolves
		main    bool
		err     string // substring of the error, when it does not
	}{
		{pattern: "../testdata/hello", name: "hello"},
		{pattern: "../testdata/shapes/funcvar", name: "funcvar"},
		{pattern: "../testdata/shapes/funcdecl", name: "funcdecl"},
		{pattern: "../testdata/shapes/handlerfunc", name: "handlerfunc"},
		{pattern: "../testdata/shapes/plain", name: "plain"},
		{pattern: "../testdata/shapes/handler", name: "handler"},
		{pattern: "../testdata/mainpkg", name: "main", main: true},
		{pattern: "../testdata/crash", name: "main", main: true},
		// Only the compiler sees these are wrong.
		{pattern: "../testdata/broken", name: "broken"},
		{pattern: "../testdata/badshape/late", name: "late"},
		{pattern: filepath.Join(mod, "testdata", "echo"), name: "echo"},
		{pattern: "github.com/seed-1b2dc2de/micro/testdata/hello", name: "hello"},

		{pattern: "../testdata/badshape", err: "package badshape (../testdata/badshape): Handler is 42 (an integer), but micro serves a Handler that is a core.Func"},
		{pattern: "../testdata/nohandler", err: "package nohandler (../testdata/nohandler) exports no Handler (it has an unexported handler: rename it Handler)"},
		{pattern: "../testdata/nope", err: "no such package ../testdata/nope: directory " + filepath.Join(mod, "testdata", "nope") + " does not exist"},
		{pattern: "github.com/seed-1b2dc2de/micro/testdata/nope", err: "no such package github.com/seed-1b2dc2de/micro/testdata/nope"},
		{pattern: "../testdata/mainpkg/main.go", err: "is a file, not a package directory"},
		{pattern: "../testdata/shapes/...", err: "matches several packages"},
		{pattern: "../testdata/shapes", err: "exports no Handler"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			got, err := Resolve(context.Background(), tt.pattern)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Resolve(%q) error = %v, want it to contain %q", tt.pattern, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tt.pattern, err)
			}
			if got.Name != tt.name || got.Main != tt.main || got.Pattern != tt.pattern {
				t.Errorf("Resolve(%q) = name %q main %v pattern %q, want %q %v %q", tt.pattern, got.Name, got.Main, got.Pattern, tt.name, tt.main, tt.pattern)
			}
			if got.ModuleRoot != mod || got.ModulePath != "github.com/seed-1b2dc2de/micro" {
				t.Errorf("module = %s %s, want %s github.com/seed-1b2dc2de/micro", got.ModuleRoot, got.ModulePath, mod)
			}
			rel, _ := filepath.Rel(mod, got.Dir)
			if want := "github.com/seed-1b2dc2de/micro/" + filepath.ToSlash(rel); got.ImportPath != want {
				t.Errorf("ImportPath = %q, want %q", got.ImportPath, want)
			}
		})
	}
}

// writeModule writes a module named example.com/m with the given files
// (slash paths) into a new temporary directory and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestResolveShapes(t *testing.T) {
	t.Parallel()
	const imp = "package p\n\nimport \"net/http\"\n\n"
	tests := []struct {
		name  string
		files map[string]string
		err   string // "" when it resolves
	}{
		{"func returning any", map[string]string{"p/p.go": imp + "func Handler(w http.ResponseWriter, r *http.Request) (any, error) { return nil, nil }\n"}, ""},
		{"func returning interface{}", map[string]string{"p/p.go": imp + "func Handler(w http.ResponseWriter, r *http.Request) (v interface{}, err error) { return }\n"}, ""},
		{"plain func", map[string]string{"p/p.go": imp + "func Handler(_ http.ResponseWriter, _ *http.Request) {}\n"}, ""},
		{"aliased import", map[string]string{"p/p.go": "package p\n\nimport web \"net/http\"\n\nfunc Handler(w web.ResponseWriter, r *web.Request) {}\n"}, ""},
		{"grouped var", map[string]string{"p/p.go": imp + "var (\n\tother = 1\n\tHandler http.Handler = http.NotFoundHandler()\n)\n"}, ""},
		{"var from a call", map[string]string{"p/p.go": imp + "var Handler = http.NotFoundHandler()\n"}, ""},
		{"syntax error left to the compiler", map[string]string{"p/p.go": imp + "func Handler(w http.ResponseWriter, r *http.Request) {\n"}, ""},
		{"method named Handler is not it", map[string]string{"p/p.go": imp + "type T struct{}\n\nfunc (T) Handler() {}\n"}, "exports no Handler: declare one"},
		{"wrong func", map[string]string{"p/p.go": imp + "func Handler(w http.ResponseWriter, r *http.Request) string { return \"\" }\n"}, "Handler is a func(w http.ResponseWriter, r *http.Request) string, but"},
		{"swapped params", map[string]string{"p/p.go": imp + "func Handler(r *http.Request, w http.ResponseWriter) {}\n"}, "Handler is a func(r *http.Request, w http.ResponseWriter), but"},
		{"generic func", map[string]string{"p/p.go": imp + "func Handler[T any](w http.ResponseWriter, r *http.Request) {}\n"}, "Handler is a func[T any]"},
		{"type", map[string]string{"p/p.go": imp + "type Handler struct{}\n"}, "Handler is a type, not a value"},
		{"constant", map[string]string{"p/p.go": imp + "const Handler = \"x\"\n"}, "Handler is a constant"},
		{"string", map[string]string{"p/p.go": imp + "var Handler = \"hi\"\n"}, "Handler is \"hi\" (a string)"},
		{"typed int", map[string]string{"p/p.go": imp + "var Handler int\n"}, "Handler is a int"},
		{"bool", map[string]string{"p/p.go": imp + "var Handler = true\n"}, "Handler is a bool"},
		{"map", map[string]string{"p/p.go": imp + "var Handler = map[string]int{}\n"}, "Handler is a map[string]int"},
		{"func literal of another shape", map[string]string{"p/p.go": imp + "var Handler = func() {}\n"}, "Handler is a func()"},
		{"only in a test file", map[string]string{"p/p.go": imp, "p/p_test.go": imp + "func Handler(w http.ResponseWriter, r *http.Request) {}\n"}, "exports no Handler"},
		{"excluded by a build constraint", map[string]string{"p/p.go": imp, "p/q.go": "//go:build ignore\n\n" + imp + "func Handler(w http.ResponseWriter, r *http.Request) {}\n"}, "exports no Handler"},
		{"no Go files", map[string]string{"p/README": "nothing"}, "no Go files to build in ./p"},
		{"only test files", map[string]string{"p/p_test.go": imp}, "no Go files to build in ./p"},
		{"two packages", map[string]string{"p/p.go": imp, "p/q.go": "package q\n"}, "holds files of several packages (p, q)"},
		{"no module directive", map[string]string{"go.mod": "go 1.26\n", "p/p.go": imp}, "has no module directive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeModule(t, tt.files)
			got, err := resolveDir("./p", filepath.Join(dir, "p"), nil, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ImportPath != "example.com/m/p" || got.ModuleRoot != dir || got.ModulePath != "example.com/m" || got.Main {
				t.Errorf("got %+v, want example.com/m/p in %s", got, dir)
			}
		})
	}
}

func TestResolveNotInModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := findModule(filepath.Dir(dir)); err == nil {
		t.Skip("the temporary directory is inside a module")
	}
	_, err := Resolve(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "is not inside a Go module") || !strings.Contains(err.Error(), "go mod init") {
		t.Fatalf("error = %v, want one saying to run go mod init", err)
	}
}

// TestResolveWithoutGoCommand checks that resolving a directory never runs
// the go command (it is what keeps micro's start fast): with no go on PATH,
// it still works.
func TestResolveWithoutGoCommand(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	got, err := Resolve(context.Background(), "../testdata/hello")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "hello" {
		t.Errorf("Name = %q, want hello", got.Name)
	}
}

func TestResolveGoList(t *testing.T) {
	t.Parallel()
	tests := []struct{ pattern, err string }{
		{"fmt", "package fmt exports no Handler"},
		{"example.com/not/required", "no such package example.com/not/required"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			_, err := Resolve(context.Background(), tt.pattern)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.err)
			}
		})
	}
}

func TestModulePath(t *testing.T) {
	t.Parallel()
	tests := []struct{ gomod, want string }{
		{"module example.com/a\n", "example.com/a"},
		{"// comment\nmodule \"example.com/quoted\" // trailing\n\ngo 1.26\n", "example.com/quoted"},
		{"go 1.26\n", ""},
		{"modules x\n", ""},
	}
	for _, tt := range tests {
		if got := modulePath([]byte(tt.gomod)); got != tt.want {
			t.Errorf("modulePath(%q) = %q, want %q", tt.gomod, got, tt.want)
		}
	}
}

func TestBuildContextTags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		goflags string
		want    string
	}{
		{"", ""},
		{"-buildvcs=false", ""},
		{"-tags=dev", "dev"},
		{"--tags=dev,pro -mod=mod", "dev|pro"},
		{"-mod=mod -tags=a,b", "a|b"},
	} {
		if got := strings.Join(buildContext(tt.goflags).BuildTags, "|"); got != tt.want {
			t.Errorf("GOFLAGS=%q: tags %q, want %q", tt.goflags, got, tt.want)
		}
	}
}

func TestResolveHonoursGOFLAGSTags(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":    "module example.com/tagged\n\ngo 1.26\n",
		"dev.go":    "//go:build dev\n\npackage tagged\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n",
		"common.go": "package tagged\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GOFLAGS", "")
	if _, err := Resolve(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "no Handler") {
		t.Fatalf("without the tag, Handler is not in the build: got %v", err)
	}
	t.Setenv("GOFLAGS", "-tags=dev")
	if _, err := Resolve(context.Background(), dir); err != nil {
		t.Fatalf("with -tags=dev in GOFLAGS: %v", err)
	}
}

func TestResolveTagsReplaceGOFLAGS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":    "module example.com/tagged\n\ngo 1.26\n",
		"dev.go":    "//go:build dev\n\npackage tagged\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n",
		"common.go": "package tagged\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GOFLAGS", "-tags=other")
	tg, err := ResolveTags(context.Background(), dir, []string{"dev"})
	if err != nil {
		t.Fatalf("with tags dev: %v", err)
	}
	if !slices.Equal(tg.Tags, []string{"dev"}) {
		t.Errorf("Target.Tags = %v, want [dev]", tg.Tags)
	}
	t.Setenv("GOFLAGS", "-tags=dev")
	if _, err := ResolveTags(context.Background(), dir, []string{"other"}); err == nil {
		t.Fatal("tags given replace those of GOFLAGS, as go build -tags does: want no Handler")
	}
}
