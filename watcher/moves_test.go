package watcher

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPackageDirMoves checks that the root package's directory removed and
// created again, in each of the ways tools do it, is seen coming back, and
// that later edits are seen too. The package is named by import path, as
// micro-dev names it, and go list runs while the directory is gone: then no
// package of the main module is listed, and the directory must still be
// derived from the import path.
func TestPackageDirMoves(t *testing.T) {
	t.Parallel()
	shapes := []struct {
		name string
		git  bool
		away func(h *harness) // takes the package directory a away
		back func(h *harness) // brings it back as it was
	}{
		{"rm -rf and recreate", false,
			func(h *harness) { h.remove("a") },
			func(h *harness) {
				h.write("a/a.go", aSource(0, false))
				h.write("a/a_test.go", "package a\n")
			}},
		{"rename away and back", false,
			func(h *harness) { h.rename("a", "a.away") },
			func(h *harness) { h.rename("a.away", "a") }},
		{"rm -rf && cp -r", false,
			func(h *harness) {
				copyTree(h.t, h.path("a"), h.path("saved"))
				h.remove("a")
			},
			func(h *harness) { copyTree(h.t, h.path("saved"), h.path("a")) }},
		{"git stash -u and pop", true,
			func(h *harness) { git(h.t, h.root, "stash", "-u") },
			func(h *harness) { git(h.t, h.root, "stash", "pop") }},
		{"git checkout of a branch without it and back", true,
			func(h *harness) {
				git(h.t, h.root, "add", "a")
				git(h.t, h.root, "commit", "-q", "-m", "a")
				git(h.t, h.root, "checkout", "-q", "bare")
			},
			func(h *harness) { git(h.t, h.root, "checkout", "-q", "main") }},
	}
	for _, mode := range []struct {
		name string
		poll bool
	}{{"fsnotify", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			for _, s := range shapes {
				t.Run(s.name, func(t *testing.T) {
					t.Parallel()
					root := fixture(t)
					if s.git {
						gitRepo(t, root)
					}
					h := start(t, root, Config{Poll: mode.poll, Packages: []string{"example.com/w/a"}})
					s.away(h)
					h.waitFor("a/a.go")
					h.waitRefreshed()
					s.back(h)
					h.waitFor("a/a.go")
					h.waitFiles("a/a.go")
					h.bumpA(false)
					h.waitFor("a/a.go")
				})
			}
		})
	}
}

// TestCopyOver checks that cp -r of a changed package over the existing
// one is seen.
func TestCopyOver(t *testing.T) {
	t.Parallel()
	for _, poll := range []bool{false, true} {
		h := start(t, fixture(t), Config{Poll: poll, Packages: []string{"example.com/w/a"}})
		mustWrite(t, h.path("new/a.go"), aSource(7, true))
		copyTree(t, h.path("new"), h.path("a"))
		h.waitFor("a/a.go")
		h.waitFiles("c/c.go") // the new import was listed
		h.bump("c/c.go")
		h.waitFor("c/c.go")
	}
}

// waitRefreshed waits until every go list run started so far has been
// taken into account.
func (h *harness) waitRefreshed() {
	h.t.Helper()
	n := h.w.refreshes.Load()
	deadline := time.Now().Add(waitLimit)
	for h.w.applied.Load() < n {
		if time.Now().After(deadline) {
			h.t.Fatalf("go list did not finish within %v", waitLimit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// gitRepo makes root a git repository on branch main where everything but
// a/ is committed, with a branch "bare" at that commit.
func gitRepo(t *testing.T, root string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	git(t, root, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(root, ".git/info/exclude"), []byte("saved/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, root, "add", ".", ":!a")
	git(t, root, "commit", "-q", "-m", "fixture")
	git(t, root, "branch", "bare")
}

// git runs git in dir, isolated from the user's and the system's settings.
func git(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// copyTree copies the files below from into to, as cp -r does: directories
// are created, existing files are written over in place.
func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
