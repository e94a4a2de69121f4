package core_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A hello handler served by core is within 2% of the size of the same
// handler on plain net/http, both built as micro build builds (static,
// -trimpath): core must carry no development machinery into production.
func TestBinarySizeNearNetHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two programs")
	}
	t.Parallel()
	dir := t.TempDir()
	size := func(name string) int64 {
		t.Helper()
		out := filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./testdata/size/"+name)
		cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", name, err, b)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	withCore, plain := size("core"), size("nethttp")
	ratio := float64(withCore) / float64(plain)
	t.Logf("core %d bytes, net/http %d bytes: %.4fx", withCore, plain, ratio)
	if ratio > 1.02 {
		t.Errorf("a hello handler on core is %.1f%% larger than on net/http (%d against %d bytes), want at most 2%%: see what core links with go tool nm -size -sort size",
			(ratio-1)*100, withCore, plain)
	}
}
