//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuildSize holds micro build to its promise: a hello handler's binary
// is within 2% of the same program written with plain net/http, so
// production carries no development machinery.
func TestBuildSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two programs")
	}
	t.Parallel()
	dir := t.TempDir()
	micro, plain := filepath.Join(dir, "micro"), filepath.Join(dir, "plain")
	r := startMicro(t, moduleRoot(t), nil, "build", "-o", micro, "./core/testdata/size/handler")
	if code := r.wait(t); code != 0 {
		t.Fatalf("micro build: exit status %d; stderr:\n%s", code, r.stderr)
	}
	// As micro build builds: static, no paths of this machine.
	cmd := exec.Command("go", "build", "-trimpath", "-o", plain, "./core/testdata/size/nethttp")
	cmd.Dir = moduleRoot(t)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	m, p := size(micro), size(plain)
	if ratio := float64(m) / float64(p); ratio > 1.02 {
		t.Errorf("micro build: %d bytes, plain net/http: %d bytes: %.3f×, want at most 1.02×", m, p, ratio)
	} else {
		t.Logf("micro build %d bytes, plain net/http %d bytes: %.4f×", m, p, ratio)
	}
}
