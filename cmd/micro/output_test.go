package main

import (
	"path/filepath"
	"testing"

	"github.com/seed-1b2dc2de/micro/runner"
)

// TestOutputPath checks that micro build names its binary as go build
// names an executable.
func TestOutputPath(t *testing.T) {
	t.Setenv("GOOS", "linux")
	dir := t.TempDir()
	tests := []struct {
		name, importPath, pkgDir, flag, want string
	}{
		{"default", "example.com/app/api", "/src/app/api", "", "api"},
		{"module root, named by import path not folder", "example.com/app", "/src/checkout", "", "app"},
		{"major version suffix", "example.com/tool/v2", "/src/tool", "", "tool"},
		{"v1 is not a suffix", "example.com/x/v1", "/src/x/v1", "", "v1"},
		{"a lone version is a name", "v2", "/src/v2", "", "v2"},
		{"file", "example.com/app/api", "/src/app/api", "bin/server", "bin/server"},
		{"trailing slash", "example.com/app/api", "/src/app/api", "bin/", filepath.Join("bin", "api")},
		{"existing directory", "example.com/app/api", "/src/app/api", dir, filepath.Join(dir, "api")},
		{"missing file in existing directory", "example.com/app/api", "/src/app/api", filepath.Join(dir, "srv"), filepath.Join(dir, "srv")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := outputPath(tt.flag, &runner.Target{ImportPath: tt.importPath, Dir: tt.pkgDir})
			if got != tt.want {
				t.Errorf("outputPath(%q) = %q, want %q", tt.flag, got, tt.want)
			}
		})
	}
}

func TestOutputPathWindows(t *testing.T) {
	t.Setenv("GOOS", "windows")
	target := &runner.Target{ImportPath: "example.com/app/api", Dir: "/src/app/api"}
	if got := outputPath("", target); got != "api.exe" {
		t.Errorf("default = %q, want api.exe", got)
	}
	if got := outputPath("bin/", target); got != filepath.Join("bin", "api.exe") {
		t.Errorf("bin/ = %q, want bin/api.exe", got)
	}
	// An explicit file name is taken as given, as go build does.
	if got := outputPath("server", target); got != "server" {
		t.Errorf("server = %q, want server", got)
	}
}
