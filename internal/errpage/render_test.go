package errpage

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func render(t testing.TB, p *Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.HTML(&b); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return b.String()
}

// TestPageWeight keeps the pages light: they are rendered per request and
// must not grow into an app.
func TestPageWeight(t *testing.T) {
	t.Setenv("MICRO_EDITOR", "")
	for _, f := range fixtures(t, t.TempDir()) {
		// The message is in the page twice (shown, and in the copy
		// text): that is what a page adds to it.
		if n := len(render(t, &f.page)) - 2*len(f.page.Message); n > 30<<10 {
			t.Errorf("%s page is %d bytes, want under 30 KB", f.name, n)
		}
	}
	// 21 KB: 20 until the crash page's Restart button.
	if n := len(render(t, &Page{})); n > 21<<10 {
		t.Errorf("an empty page is %d bytes: the embedded CSS and script grew past 21 KB", n)
	}
}

func TestStackGrouping(t *testing.T) {
	t.Parallel()
	app := abs(t, "testdata/app")
	lib := Frame{Func: "net/http.HandlerFunc.ServeHTTP", File: "/usr/lib/go/src/net/http/server.go", Line: 1}
	user := Frame{Func: "example.com/app.Handler", File: app + "/handler.go", Line: 11}
	v := newView(&Page{Frames: []Frame{lib, lib, user, lib}, ModuleRoot: app})
	var shape []string
	for _, g := range v.Stack {
		shape = append(shape, map[bool]string{true: "user", false: "lib"}[g.User]+strings.Repeat("*", len(g.Frames)))
		if g.User && (g.Frames[0].Snip == nil || !g.Open) {
			t.Error("a user frame is not shown with its source")
		}
		if !g.User && (g.Open || !strings.HasPrefix(g.Summary, plural(len(g.Frames), "frame")+" in net/http")) {
			t.Errorf("library group open=%v summary %q", g.Open, g.Summary)
		}
	}
	if got := strings.Join(shape, " "); got != "lib** user* lib*" {
		t.Errorf("groups: %s, want lib** user* lib*", got)
	}
	html := render(t, &Page{Frames: []Frame{lib, user, lib}, ModuleRoot: app})
	if n := strings.Count(html, `<details class="lib">`); n != 2 {
		t.Errorf("%d collapsed library groups, want 2", n)
	}
	// With no user frame at all, the stack is not hidden behind a click.
	v = newView(&Page{Frames: []Frame{lib, lib}, ModuleRoot: app})
	if len(v.Stack) != 1 || !v.Stack[0].Open {
		t.Errorf("a stack of library frames only is collapsed: %+v", v.Stack)
	}
}

func TestCompileGrouping(t *testing.T) {
	t.Parallel()
	root := abs(t, "testdata/broken")
	p := &Page{Kind: Compile, ModuleRoot: root, Message: "4 errors", Diagnostics: []Diagnostic{
		{File: root + "/main.go", Line: 11, Col: 6, Message: "a"},
		{File: "greet.go", Line: 7, Col: 21, Message: "b"},
		{File: root + "/main.go", Line: 11, Col: 14, Message: "c"},
		{Message: "d"},
	}}
	v := newView(p)
	var got []string
	for _, f := range v.Files {
		var msgs []string
		for _, b := range f.Blocks {
			for _, d := range b.Diags {
				msgs = append(msgs, d.Message)
			}
		}
		got = append(got, f.Path+":"+strings.Join(msgs, ","))
	}
	if want := "main.go:a,c greet.go:b :d"; strings.Join(got, " ") != want {
		t.Errorf("groups %q, want %q", strings.Join(got, " "), want)
	}
	if v.Files[1].Blocks[0].Snip == nil {
		t.Error("a path relative to ModuleRoot was not read")
	}
	if v.Message != "4 errors in 3 files" {
		t.Errorf("message %q, want the summary to replace micro-dev's count", v.Message)
	}
	if text := p.Text(); !strings.Contains(text, "greet.go:7:21: b\n  7 | \treturn") {
		t.Errorf("text does not show the diagnostic with its line:\n%s", text)
	}
}

func TestTitles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    Page
		want string
	}{
		{Page{Status: 404}, "404 Not Found"},
		{Page{Kind: Compile, Status: 500}, "500 Build failed"},
		{Page{Kind: Crash, Status: 502}, "502 The server crashed"},
		{Page{Kind: Crash, Status: 503, Title: "Not ready"}, "503 Not ready"},
		{Page{}, "Runtime error"},
	} {
		if got, _, _ := strings.Cut(tc.p.Text(), "\n"); got != tc.want {
			t.Errorf("headline %q, want %q", got, tc.want)
		}
		if html := render(t, &tc.p); !strings.Contains(html, "<title>"+tc.want+"</title>") {
			t.Errorf("no <title>%s</title>", tc.want)
		}
	}
}

var (
	tagRe  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	attrRe = regexp.MustCompile(`\s([a-zA-Z-]+)(?:="([^"]*)")?`)
)

// checkMarkup fails when the page has a tag, an attribute or a link that
// the template does not write: escaped text has no "<", so every tag
// found is real markup.
func checkMarkup(t *testing.T, input, html string) {
	t.Helper()
	tags := "html head meta title link style body header div span button h1 p pre code main section h2 ol li details summary table caption tbody tr th td a textarea script b"
	attrs := "lang charset http-equiv name content rel href class id type hidden open title data-n aria-hidden aria-label readonly data-reload-url"
	for _, m := range tagRe.FindAllStringSubmatch(html, -1) {
		if !slices.Contains(strings.Fields(tags), strings.ToLower(m[1])) {
			t.Fatalf("%q made a <%s> tag", input, m[1])
		}
		for _, a := range attrRe.FindAllStringSubmatch(m[2], -1) {
			if !slices.Contains(strings.Fields(attrs), strings.ToLower(a[1])) {
				t.Fatalf("%q made an attribute %s on <%s>", input, a[1], m[1])
			}
			if v := strings.ToLower(a[2]); m[1] == "a" && a[1] == "href" && (strings.HasPrefix(v, "javascript") || strings.HasPrefix(v, "data")) {
				t.Fatalf("%q made a link %q", input, a[2])
			}
		}
	}
	if n := strings.Count(html, "<script"); n != 1 {
		t.Fatalf("%q made %d script elements", input, n)
	}
}

// FuzzHTML feeds arbitrary strings into every field a user or a compiler
// controls: the page must stay valid UTF-8 with no markup of theirs.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"", "/p?token=x&a=<b>#f", "<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "\xff\xfe", "\x1b[31m", "javascript:alert(1)", "</textarea>", "{{.}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pages := []*Page{
			{Kind: Runtime, Title: s, Message: s, Panic: s, Chain: []string{s, s}, ChainTypes: []string{s}, Type: s, Stackless: true,
				Frames:  []Frame{{Func: s, File: "/x/" + s, Line: 1}},
				Request: &Request{Method: s, URL: s, Header: http.Header{s: {s}}}, LiveReload: s, Editor: s},
			{Kind: Compile, Message: s, Diagnostics: []Diagnostic{{File: "/x/" + s, Line: 1, Col: 2, Message: s}, {File: s, Message: s}}},
			{Kind: Crash, Exit: s, InFlight: s, Output: []string{s, "panic: " + s, "\t/x/" + s + ":1 +0x1"}},
		}
		for _, p := range pages {
			html := render(t, p)
			if !utf8.ValidString(html) {
				t.Fatal("HTML is not valid UTF-8")
			}
			checkMarkup(t, s, html)
			if text := p.Text(); !utf8.ValidString(text) || !strings.HasSuffix(text, "\n") {
				t.Fatal("Text is not valid UTF-8 or lacks its final newline")
			}
			if js, err := p.JSON(); err != nil || !json.Valid(js) {
				t.Fatalf("JSON: %v", err)
			}
		}
	})
}

func BenchmarkHTML(b *testing.B) {
	b.Setenv("MICRO_EDITOR", "")
	var runtimePage Page
	for _, f := range fixtures(b, b.TempDir()) {
		if f.name == "runtime" {
			runtimePage = f.page
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := runtimePage.HTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func TestChain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		message string
		chain   []string
		want    []chainLink
	}{
		{"wrapped", "a: b", []string{"a: b", "b"}, []chainLink{{"a: ", "b", ""}, {"b", "", ""}}},
		{"same text twice", "x", []string{"x", "x"}, []chainLink{{"x", "", ""}, {"x", "", ""}}},
		{"only the message", "x", []string{"x"}, nil},
		{"one other error", "x", []string{"y"}, []chainLink{{"y", "", ""}}},
	} {
		v := newView(&Page{Message: tc.message, Chain: tc.chain})
		if !slices.Equal(v.Chain, tc.want) {
			t.Errorf("%s: chain %+v, want %+v", tc.name, v.Chain, tc.want)
		}
	}
}
