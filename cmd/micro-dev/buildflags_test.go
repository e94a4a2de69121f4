package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestBuildFlags(t *testing.T) {
	t.Parallel()
	mods := []string{"example.com/app", "example.com/lib"}
	for _, tc := range []struct {
		name string
		o    options
		want []string
	}{
		{"default: the modules' own packages unoptimised", options{},
			[]string{"-gcflags=example.com/app/...=-N -l", "-gcflags=example.com/lib/...=-N -l", "-ldflags=-s -w", "-buildvcs=false"}},
		{"optimize: as production", options{optimize: true},
			[]string{"-ldflags=-s -w", "-buildvcs=false"}},
		{"tags and race", options{tags: "dev,x", race: true, optimize: true},
			[]string{"-tags=dev,x", "-race", "-ldflags=-s -w", "-buildvcs=false"}},
		{"debug: everything unoptimised, DWARF kept", options{debug: true},
			[]string{"-gcflags=all=-N -l", "-buildvcs=false"}},
	} {
		if got := buildFlags(&tc.o, mods); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestBuildTags(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod -tags=a,b")
	for _, tc := range []struct {
		o    options
		want []string
	}{
		{options{}, nil},
		{options{tags: "x y"}, []string{"x", "y"}},
		{options{race: true}, []string{"a", "b", "race"}},
		{options{tags: "x", race: true}, []string{"x", "race"}},
	} {
		if got := buildTags(&tc.o); !slices.Equal(got, tc.want) {
			t.Errorf("tags %q race %v: got %q, want %q", tc.o.tags, tc.o.race, got, tc.want)
		}
	}
	if got := listFlags(&options{tags: "x", race: true}); !slices.Equal(got, []string{"-tags=x", "-race"}) {
		t.Errorf("listFlags = %q", got)
	}
}

func TestLineTailKeepsTheLastLines(t *testing.T) {
	t.Parallel()
	tail := &lineTail{max: 2}
	tail.Write([]byte("one\ntw"))
	tail.Write([]byte("o\nthree\nfour"))
	if got := tail.lines(); !slices.Equal(got, []string{"two", "three", "four"}) {
		t.Errorf("lines = %q", got)
	}
}

// TestMainModulesOfAWorkspace checks that every module of a go.work gets
// the unoptimised build, and a lone module its own path.
func TestMainModulesOfAWorkspace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.work":     "go 1.26.0\n\nuse (\n\t./app\n\t./lib\n)\n",
		"app/go.mod":  "module example.com/app\n\ngo 1.26.0\n",
		"app/main.go": "package main\n\nfunc main() {}\n",
		"lib/go.mod":  "module example.com/lib\n\ngo 1.26.0\n",
		"lib/lib.go":  "package lib\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := mainModules(context.Background(), filepath.Join(dir, "app"), "fallback")
	if want := []string{"example.com/app", "example.com/lib"}; !slices.Equal(got, want) {
		t.Errorf("workspace: %q, want %q", got, want)
	}
	alone := t.TempDir()
	if err := os.WriteFile(filepath.Join(alone, "go.mod"), []byte("module example.com/alone\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = mainModules(context.Background(), alone, "fallback")
	if want := []string{"example.com/alone"}; !slices.Equal(got, want) {
		t.Errorf("a module: %q, want %q", got, want)
	}
}
