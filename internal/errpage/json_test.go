package errpage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const coreJSON = `{"error":{"status":503,"message":"Try later","stack":"goroutine 1 [running]:\n...",
"type":"*core.statusError","chain":[{"type":"*fmt.wrapError","message":"load user: db down"},{"type":"*errors.errorString","message":"db down"}],
"frames":[{"func":"github.com/acme/app.Handler","file":"/src/app/handler.go","line":12}],"stackless":true}}`

func TestRuntimeFromJSON(t *testing.T) {
	t.Parallel()
	p, err := RuntimeFromJSON([]byte(coreJSON))
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != Runtime || p.Status != 503 || p.Title != "Try later" || p.Message != "load user: db down" || p.Type != "*core.statusError" || !p.Stackless {
		t.Errorf("page %+v", p)
	}
	if strings.Join(p.ChainTypes, ",") != "*fmt.wrapError,*errors.errorString" || len(p.Chain) != 2 {
		t.Errorf("chain %q types %q", p.Chain, p.ChainTypes)
	}
	if len(p.Frames) != 1 || p.Frames[0] != (Frame{Func: "github.com/acme/app.Handler", File: "/src/app/handler.go", Line: 12}) {
		t.Errorf("frames %+v", p.Frames)
	}

	panicked, err := RuntimeFromJSON([]byte(`{"error":{"status":500,"message":"Internal Server Error","panic":"boom","type":"*core.panicError"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if panicked.Message != "panic: boom" || panicked.Title != "Internal Server Error" {
		t.Errorf("panic page: message %q title %q", panicked.Message, panicked.Title)
	}
	if n := strings.Count(panicked.Text(), "boom"); n != 1 {
		t.Errorf("the panic's text appears %d times, want once:\n%s", n, panicked.Text())
	}

	for _, bad := range []string{``, `[]`, `{}`, `{"error":null}`, `{"error":{"status":"x"}}`, "\xff"} {
		if _, err := RuntimeFromJSON([]byte(bad)); err == nil {
			t.Errorf("RuntimeFromJSON(%q) did not fail", bad)
		}
	}
}

// TestJSONRoundTrip checks that a runtime page's JSON is core's shape: what
// RuntimeFromJSON reads back is the page.
func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := RuntimeFromJSON([]byte(coreJSON))
	if err != nil {
		t.Fatal(err)
	}
	js, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	q, err := RuntimeFromJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	if q.Title != p.Title || q.Type != p.Type || q.Stackless != p.Stackless || len(q.Frames) != 1 || strings.Join(q.Chain, "|") != strings.Join(p.Chain, "|") {
		t.Errorf("round trip changed the page:\n%+v\n%+v", p, q)
	}
}

func TestJSONIsClean(t *testing.T) {
	t.Setenv("MICRO_EDITOR", "")
	for _, f := range fixtures(t, t.TempDir()) {
		js, err := f.page.JSON()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		var v struct {
			Error map[string]any `json:"error"`
		}
		if err := json.Unmarshal(js, &v); err != nil || v.Error == nil {
			t.Fatalf("%s: not {\"error\": {...}}: %v", f.name, err)
		}
		if !utf8.Valid(js) || strings.Contains(string(js), `\u001b`) || !strings.HasSuffix(string(js), "}\n") {
			t.Errorf("%s: JSON keeps escape codes or lacks its newline", f.name)
		}
		want := map[string][]string{
			"runtime":         {"frames", "chain", "type", "request"},
			"panic":           {"frames", "panic", "type"},
			"compile":         {"diagnostics"},
			"crash":           {"exit", "output", "in_flight"},
			"hostile-runtime": {"frames", "chain", "panic"},
		}[f.name]
		for _, k := range want {
			if _, ok := v.Error[k]; !ok {
				t.Errorf("%s: JSON has no %q", f.name, k)
			}
		}
		if text := f.page.Text(); !strings.HasSuffix(text, "\n") || strings.ContainsAny(text, "\x1b\x00\r") || !utf8.ValidString(text) {
			t.Errorf("%s: text is not clean or lacks its final newline", f.name)
		}
	}
}

// TestCaptureSource checks that a page shows the source as it was when it
// was captured, not as it is when drawn: a save that fixes the error
// lands moments after the build failed.
func TestCaptureSource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte("package main\n\nvar n int = \"three\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &Page{Kind: Compile, Diagnostics: []Diagnostic{{File: file, Line: 3, Col: 13, Message: "cannot use \"three\""}}}
	p.CaptureSource()
	if err := os.WriteFile(file, []byte("package main\n\nvar n int = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := p.Text()
	if !strings.Contains(text, `3 | var n int = "three"`) || strings.Contains(text, "var n int = 3\n") {
		t.Errorf("the page does not show the captured line:\n%s", text)
	}
	if html := render(t, p); !strings.Contains(html, "&#34;three&#34;") {
		t.Error("the HTML does not show the captured line")
	}
	// Without a capture, the page reads the file when drawn.
	fresh := &Page{Kind: Compile, Diagnostics: p.Diagnostics}
	if !strings.Contains(fresh.Text(), "3 | var n int = 3") {
		t.Errorf("an uncaptured page does not read the file:\n%s", fresh.Text())
	}
}
