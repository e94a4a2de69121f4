//go:build linux

package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

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
