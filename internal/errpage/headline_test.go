package errpage

import (
	"net/http"
	"strings"
	"testing"
)

// TestHeadline checks what the header leads with on each kind of page, and
// that nothing is said twice.
func TestHeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		p        Page
		headline string
		once     string // appears once in the text
	}{
		{"message", Page{Status: 500, Title: "Internal Server Error", Message: "load: boom"}, "load: boom", "load: boom"},
		{"multi-line message", Page{Status: 500, Message: "first\nsecond"}, "first", "second"},
		{"no message", Page{Status: 404}, "Not Found", "Not Found"},
		{"panic", Page{Status: 500, Message: "panic: boom", Panic: "boom", Chain: []string{"panic: boom"}}, "panic: boom", "boom"},
		{"panic with its own message", Page{Status: 500, Message: "handler died", Panic: "boom"}, "panic: boom", "handler died"},
		{"compile", Page{Kind: Compile, Message: "1 error"}, "Build failed", "Build failed"},
		{"crash with a panic", Page{Kind: Crash, Exit: "exit status 2", Output: []string{"x", "panic: boom", "", "goroutine 1 [running]:"}}, "panic: boom", "exit status 2"},
		{"crash without", Page{Kind: Crash, Title: "The server did not start", Exit: "exit status 1"}, "The server did not start", "The server did not start"},
		{"fatal error", Page{Kind: Crash, Output: []string{"fatal error: all goroutines are asleep - deadlock!"}}, "fatal error: all goroutines are asleep - deadlock!", "exit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newView(&tc.p)
			if v.Headline != tc.headline {
				t.Errorf("headline %q, want %q", v.Headline, tc.headline)
			}
			html := render(t, &tc.p)
			if n := strings.Count(html, "<h1"); n != 1 {
				t.Errorf("%d <h1> elements, want one title", n)
			}
			if tc.once == "exit" {
				return
			}
			if n := strings.Count(tc.p.Text(), tc.once); n != 1 {
				t.Errorf("%q appears %d times in the text, want once:\n%s", tc.once, n, tc.p.Text())
			}
		})
	}
}

func TestStacklessNote(t *testing.T) {
	t.Parallel()
	frames := []Frame{{Func: "main.handler", File: "/src/main.go", Line: 3}}
	p := &Page{Status: 500, Message: "x", Stackless: true, Frames: frames}
	if html := render(t, p); !strings.Contains(html, "This error recorded no stack") || !strings.Contains(html, "core.Error(status, message, err)") {
		t.Error("the page does not explain a stackless error")
	}
	if !strings.Contains(p.Text(), "This error recorded no stack") {
		t.Error("the text does not explain a stackless error")
	}
	p.Stackless = false
	if strings.Contains(render(t, p), "recorded no stack") {
		t.Error("an error with its own stack is called stackless")
	}
}

func TestRequestSections(t *testing.T) {
	t.Parallel()
	rv := newRequestView(&Request{Method: "GET", URL: "http://localhost:3000/p?b=2&a=%C3%A9&flag&b=3", Header: http.Header{
		"Accept":            {"*/*"},
		"Sec-Fetch-Site":    {"none"},
		"X-Forwarded-Proto": {"http"},
		"X-Request-Id":      {"r1"},
	}})
	var q []string
	for _, h := range rv.Query {
		q = append(q, h.Name+"="+h.Value)
	}
	if got := strings.Join(q, "&"); got != "b=2&a=é&flag=&b=3" {
		t.Errorf("query %q, want the parameters decoded in their order", got)
	}
	names := func(hs []header) string {
		var s []string
		for _, h := range hs {
			s = append(s, h.Name)
		}
		return strings.Join(s, ",")
	}
	if got := names(rv.Headers); got != "Accept,X-Request-Id" {
		t.Errorf("headers %s", got)
	}
	if got := names(rv.Extra); got != "Sec-Fetch-Site,X-Forwarded-Proto" {
		t.Errorf("tucked away %s", got)
	}
}

// TestMergedDiagnostics checks that diagnostics whose snippets overlap
// share one, with a caret per column, and that others keep their own.
func TestMergedDiagnostics(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := 1; i <= 40; i++ {
		lines = append(lines, "\tvalue := other + third")
	}
	path := write(t, "m.go", lines...)
	p := &Page{Kind: Compile, Diagnostics: []Diagnostic{
		{File: path, Line: 10, Col: 2, Message: "a"},
		{File: path, Line: 10, Col: 11, Message: "b"},
		{File: path, Line: 16, Col: 19, Message: "c"},
		{File: path, Line: 30, Col: 2, Message: "d"},
	}}
	v := newView(p)
	if n := len(v.Files[0].Blocks); n != 2 {
		t.Fatalf("%d blocks, want 2 (lines 10, 10, 16 overlap; 30 does not)", n)
	}
	b := v.Files[0].Blocks[0]
	if len(b.Diags) != 3 || b.Snip.Lines[0].N != 6 || b.Snip.Lines[len(b.Snip.Lines)-1].N != 20 {
		t.Errorf("first block: %d diagnostics, lines %d-%d; want 3, 6-20", len(b.Diags), b.Snip.Lines[0].N, b.Snip.Lines[len(b.Snip.Lines)-1].N)
	}
	text := p.Text()
	for _, want := range []string{
		"  10 | \tvalue := other + third\n     | \t^~~~~    ^~~~~\n",
		"  16 | \tvalue := other + third\n     | \t                 ^~~~~ c\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(render(t, p), `class="code"`); n != 2 {
		t.Errorf("%d snippets on the page, want 2", n)
	}
}

func TestSecretQuery(t *testing.T) {
	t.Parallel()
	p := &Page{Request: &Request{Method: "GET", URL: "/brew?size=large&api_key=abc123xyz&access%5Ftoken=tok987654#top"}}
	text := p.Text()
	for _, secret := range []string{"abc123xyz", "tok987654"} {
		if strings.Contains(text, secret) {
			t.Errorf("the text shows the secret %q:\n%s", secret, text)
		}
	}
	if !strings.Contains(text, "GET /brew?size=large&api_key="+mask+"&access%5Ftoken="+mask+"#top") || !strings.Contains(text, "size = large") {
		t.Errorf("the URL is not shown masked as written:\n%s", text)
	}
	if html := render(t, p); strings.Count(html, "abc123xyz") != 1 {
		t.Error("the page does not hold the value once, behind the reveal")
	}
}
