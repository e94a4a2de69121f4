//go:build linux

package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCopyFixture(t *testing.T) {
	t.Parallel()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "app")
	if err := copyFixture(filepath.Join(repo, "testdata", "devapp"), dst, filepath.Join("..", "..")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"version.go", "devapp.go", filepath.Join("main", "main.go")} {
		want, err := os.ReadFile(filepath.Join(repo, "testdata", "devapp", f))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(filepath.Join(dst, f)); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s not copied as is (err %v)", f, err)
		}
	}
	gomod, err := os.ReadFile(filepath.Join(dst, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	wantLine := "replace " + microModule + " => " + strconv.Quote(repo)
	if !strings.Contains(string(gomod), wantLine+"\n") {
		t.Errorf("go.mod of the copy lacks %q:\n%s", wantLine, gomod)
	}
	if strings.Contains(string(gomod), "../..") {
		t.Errorf("go.mod of the copy still has the relative replace:\n%s", gomod)
	}
	wantSum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "go.sum")); err != nil || !bytes.Equal(got, wantSum) {
		t.Errorf("go.sum of the copy is not the checkout's (err %v)", err)
	}
}

func TestCopyFixtureErrors(t *testing.T) {
	t.Parallel()
	noReplace := t.TempDir()
	if err := os.WriteFile(filepath.Join(noReplace, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src, repo, wantErr string
	}{
		{"missing fixture", filepath.Join(t.TempDir(), "nope"), "../..", "no such file"},
		{"go.mod without replace", noReplace, "../..", "no line"},
		{"repo without go.sum", filepath.Join("..", "..", "testdata", "devapp"), t.TempDir(), "go.sum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := copyFixture(tt.src, t.TempDir(), tt.repo)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("copyFixture error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRewriteReplace(t *testing.T) {
	t.Parallel()
	in := "module m\n\nrequire " + microModule + " v0.0.0\n\nreplace " + microModule + " => ../..  \n"
	got, err := rewriteReplace([]byte(in), "/a b/micro")
	if err != nil {
		t.Fatal(err)
	}
	want := "module m\n\nrequire " + microModule + " v0.0.0\n\nreplace " + microModule + ` => "/a b/micro"` + "\n"
	if string(got) != want {
		t.Errorf("rewriteReplace =\n%s\nwant\n%s", got, want)
	}
}

func TestVersionSource(t *testing.T) {
	t.Parallel()
	src := versionSource(`v"12`)
	f, err := parser.ParseFile(token.NewFileSet(), "version.go", src, 0)
	if err != nil {
		t.Fatalf("versionSource is not Go: %v\n%s", err, src)
	}
	if f.Name.Name != "devapp" {
		t.Errorf("package %s, want devapp", f.Name.Name)
	}
	if !bytes.Contains(src, []byte(`const Version = "v\"12"`)) {
		t.Errorf("versionSource lacks the quoted constant:\n%s", src)
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	for _, mode := range []editMode{editOverwrite, editRename} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "version.go")
			for _, content := range []string{"one", "two"} {
				if err := save(path, []byte(content), mode); err != nil {
					t.Fatal(err)
				}
				if got, err := os.ReadFile(path); err != nil || string(got) != content {
					t.Errorf("after save %q: file holds %q (err %v)", content, got, err)
				}
			}
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(ents) != 1 {
				t.Errorf("save left %d files in the directory, want only version.go", len(ents))
			}
		})
	}
	if err := save(filepath.Join(t.TempDir(), "f"), nil, "copy"); err == nil {
		t.Error("save with an unknown mode: no error")
	}
}
