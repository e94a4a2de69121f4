package devserver

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite progress.go from core/progress.go")

const progressHeader = "// Code generated from core/progress.go by go test -run TestProgressIsCoresCopy -update; DO NOT EDIT.\n\n"

// progress.go is core's slow-body guard, copied: the two must not drift.
func TestProgressIsCoresCopy(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("..", "..", "core", "progress.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte(progressHeader), bytes.Replace(src, []byte("package core\n"), []byte("package devserver\n"), 1)...)
	if *update {
		if err := os.WriteFile("progress.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("progress.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("progress.go differs from core/progress.go: run go test ./internal/devserver -run TestProgressIsCoresCopy -update")
	}
}
