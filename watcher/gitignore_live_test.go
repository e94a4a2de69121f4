package watcher

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGitignoreLive checks that a .gitignore written while watching
// applies at once: a directory it excludes stops triggering and loses its
// inotify watch, and one it no longer excludes is watched again, new
// files included.
func TestGitignoreLive(t *testing.T) {
	t.Parallel()
	for _, poll := range []bool{false, true} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) {
			t.Parallel()
			root := fixture(t)
			mustWrite(t, root+"/web/gen/x.html", "<p>x</p>\n")
			h := start(t, root, Config{Poll: poll, Extra: []string{root + "/web"}})
			_, err := os.Stat("/proc/self/fdinfo")
			seeWatches := !poll && err == nil && inodeOf(mustStat(t, root)) != ""
			h.bump("web/gen/x.html")
			h.waitFor("web/gen/x.html")
			if seeWatches && !inotifyWatches(t, h.path("web/gen")) {
				t.Fatal("web/gen is not watched to begin with")
			}

			h.write("web/.gitignore", "cache/\ngen/\n")
			h.bump("web/gen/x.html")
			h.bump("web/index.html")
			h.assertNone(h.waitFor("web/index.html"), "web/gen/x.html")
			if seeWatches {
				waitCond(t, "the watch of the ignored web/gen to be dropped", func() bool {
					return !inotifyWatches(t, h.path("web/gen"))
				})
			}

			h.write("web/.gitignore", "cache/\n")
			h.write("web/gen/y.html", "<p>y</p>\n")
			h.waitFor("web/gen/y.html")
		})
	}
}

// waitCond waits until ok holds.
func waitCond(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", waitLimit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func mustStat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// inotifyWatches reports whether an inotify descriptor of this process
// watches the directory dir, as /proc/self/fdinfo lists them. Directories
// of other tests have other inodes, so parallel tests do not disturb it.
func inotifyWatches(t *testing.T, dir string) bool {
	t.Helper()
	var ino uint64
	if _, err := fmt.Sscan(inodeOf(mustStat(t, dir)), &ino); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(" ino:%x ", ino)
	fds, err := os.ReadDir("/proc/self/fdinfo")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		b, err := os.ReadFile(filepath.Join("/proc/self/fdinfo", fd.Name()))
		if err != nil {
			continue
		}
		for line := range strings.Lines(string(b)) {
			if strings.HasPrefix(line, "inotify ") && strings.Contains(line, want) {
				return true
			}
		}
	}
	return false
}
