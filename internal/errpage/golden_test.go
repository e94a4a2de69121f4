package errpage

import (
	"bytes"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// normalize replaces the machine's directories by placeholders, so the
// golden files hold the same bytes everywhere.
func normalize(s string, dirs map[string]string) string {
	// Longest first: the module cache may live under the module root.
	for len(dirs) > 0 {
		longest := ""
		for d := range dirs {
			if len(d) > len(longest) {
				longest = d
			}
		}
		if longest != "" {
			slash := filepath.ToSlash(longest)
			s = strings.ReplaceAll(s, slash, dirs[longest])
			s = strings.ReplaceAll(s, url.QueryEscape(slash), url.QueryEscape(dirs[longest]))
		}
		delete(dirs, longest)
	}
	return s
}

func TestGolden(t *testing.T) {
	// Pages read $MICRO_EDITOR when they name no editor.
	t.Setenv("MICRO_EDITOR", "")
	hostileDir := t.TempDir()
	for _, f := range fixtures(t, hostileDir) {
		t.Run(f.name, func(t *testing.T) {
			var html bytes.Buffer
			if err := f.page.HTML(&html); err != nil {
				t.Fatalf("HTML: %v", err)
			}
			text := f.page.Text()
			dirs := func() map[string]string {
				return map[string]string{
					abs(t, "testdata"): "$TESTDATA",
					hostileDir:         "$HOSTILE",
					goSrc():            "$GOROOT/src",
					modCache():         "$GOMODCACHE",
				}
			}
			golden(t, f.name+".golden.html", normalize(placeAssets(t, html.String()), dirs()))
			golden(t, f.name+".golden.txt", normalize(text, dirs()))
		})
	}
}

// placeAssets replaces the page's embedded CSS and script, the same static
// files in every page, by placeholders: the golden files then hold what
// differs between pages, and still fail if an asset is missing or changed
// on the way in (the placeholder would be absent).
func placeAssets(t *testing.T, page string) string {
	t.Helper()
	for asset, placeholder := range map[string]string{string(pageCSS): "/* assets/code.css + assets/page.css */", string(pageJS): "/* assets/page.js + assets/reload.js */"} {
		if strings.Count(page, asset) != 1 {
			t.Errorf("the page should hold %s exactly once", placeholder)
		}
		page = strings.Replace(page, asset, placeholder, 1)
	}
	return page
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/errpage -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendering (run go test ./internal/errpage -update and review the diff):\n%s", path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first differing line, enough to see what changed.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return ""
}

var scriptTag = regexp.MustCompile(`(?i)<script`)

// TestHostile checks what the golden files only show: nothing from the
// error, request or source becomes markup, a link or script.
func TestHostile(t *testing.T) {
	t.Setenv("MICRO_EDITOR", "")
	for _, f := range fixtures(t, t.TempDir()) {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.page.HTML(&b); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			if !utf8.ValidString(html) {
				t.Error("HTML is not valid UTF-8")
			}
			if n := len(scriptTag.FindAllString(html, -1)); n != 1 {
				t.Errorf("HTML has %d <script> elements, want only the page's own", n)
			}
			for _, bad := range []string{"<img", "<b>", "<i>", "\x00", "\x1b", `href="javascript`, `="javascript:`, "<!--"} {
				if strings.Contains(html, bad) {
					t.Errorf("HTML contains %q", bad)
				}
			}
			text := f.page.Text()
			if !utf8.ValidString(text) {
				t.Error("Text is not valid UTF-8")
			}
			if strings.ContainsAny(text, "\x00\x1b\r") {
				t.Errorf("Text keeps control characters: %q", text)
			}
			if strings.HasPrefix(f.name, "hostile") && !strings.Contains(html, "\uFFFD") {
				t.Error("invalid UTF-8 is not shown as U+FFFD")
			}
		})
	}
}
