package watcher

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGitignoreMatch(t *testing.T) {
	t.Parallel()
	const text = `# comment
*.log
!keep.log

/build
tmp/
docs/*.html
**/gen/**
a/**/z
\#hash
trailing   
out?.txt
[abc].md
`
	g := parseGitignore(text)
	tests := []struct {
		rel   string
		isDir bool
		want  bool
	}{
		{"x.log", false, true},
		{"sub/deep/x.log", false, true},
		{"keep.log", false, false},     // negated by a later line
		{"sub/keep.log", false, false}, // negation is unanchored too
		{"build", true, true},          // anchored to the .gitignore's directory
		{"build", false, true},         // anchored without "/" matches files too
		{"sub/build", true, false},     // anchored: not at other levels
		{"tmp", true, true},            // dir-only
		{"tmp", false, false},          // dir-only does not match a file
		{"sub/tmp", true, true},        // dir-only and unanchored
		{"docs/a.html", false, true},   // inner "/" anchors
		{"sub/docs/a.html", false, false},
		{"docs/sub/a.html", false, false}, // "*" does not cross "/"
		{"gen/x", false, true},
		{"a/gen/b/c", false, true},
		{"gen", true, false}, // "/**" at the end needs something inside
		{"a/z", false, true}, // "/**/" matches zero directories
		{"a/b/c/z", false, true},
		{"#hash", false, true},
		{"trailing", false, true}, // trailing spaces are trimmed
		{"out1.txt", false, true},
		{"out12.txt", false, false},
		{"b.md", false, true},
		{"d.md", false, false},
		{"main.go", false, false},
		{"comment", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			t.Parallel()
			_, got := g.match(tt.rel, tt.isDir)
			if got != tt.want {
				t.Errorf("match(%q, dir=%v) ignored = %v, want %v", tt.rel, tt.isDir, got, tt.want)
			}
		})
	}
}

// TestGitCacheNested checks that .gitignore files apply from the top
// directory down, deeper files overriding shallower ones.
func TestGitCacheNested(t *testing.T) {
	t.Parallel()
	top := t.TempDir()
	mustWrite(t, filepath.Join(top, ".gitignore"), "*.tmp\n*.out\n")
	mustWrite(t, filepath.Join(top, "web", ".gitignore"), "!keep.tmp\nlocal.json\n")
	c := gitCache{dirs: map[string]gitEntry{}}
	tests := []struct {
		path string
		want bool
	}{
		{"x.tmp", true},
		{"web/x.tmp", true},
		{"web/keep.tmp", false}, // re-included by the deeper file
		{"keep.tmp", true},      // the deeper file does not apply above it
		{"web/local.json", true},
		{"local.json", false},
		{"web/a/b.out", true},
		{"web/app.js", false},
	}
	for _, tt := range tests {
		p := filepath.Join(top, filepath.FromSlash(tt.path))
		if got := c.ignored(top, p, false); got != tt.want {
			t.Errorf("ignored(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
	// A changed .gitignore is read again once invalidated.
	mustWrite(t, filepath.Join(top, ".gitignore"), "")
	c.invalidate(top)
	if c.ignored(top, filepath.Join(top, "x.tmp"), false) {
		t.Error("x.tmp still ignored after its rule was removed")
	}
}

func mustWrite(t testing.TB, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
