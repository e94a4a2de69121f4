package errpage

import (
	"strings"
	"testing"
)

func TestReloadScript(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, url string
		attr      string // the data-reload-url attribute as written
	}{
		{"path", "/__micro/events", `data-reload-url="/__micro/events"`},
		{"absolute", "http://localhost:3000/__micro/events?x=1&y=2", `data-reload-url="http://localhost:3000/__micro/events?x=1&amp;y=2"`},
		{"quotes and tags", `/e"><script>alert(1)</script>`, `data-reload-url="/e%22%3e%3cscript%3ealert%281%29%3c/script%3e"`},
		{"script URL", "javascript:alert(1)", `data-reload-url="#ZgotmplZ"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(ReloadScript(tc.url))
			if !strings.HasPrefix(got, "<script ") || !strings.HasSuffix(got, "</script>") {
				t.Errorf("not one script element: %.80q…", got)
			}
			if n := strings.Count(strings.ToLower(got), "<script"); n != 1 {
				t.Errorf("%d <script in %q", n, got)
			}
			if !strings.Contains(got, tc.attr+">") {
				t.Errorf("want %s in %.200q", tc.attr, got)
			}
			if !strings.Contains(got, "new EventSource(url)") || !strings.Contains(got, "'reload'") {
				t.Error("the element does not hold the live-reload client")
			}
		})
	}
}

func TestPageShareTheReloadClient(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := (&Page{LiveReload: "/ev"}).HTML(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<script data-reload-url="/ev">`) {
		t.Error("the page's script does not carry the live-reload URL")
	}
	if !strings.Contains(b.String(), asset("reload.js")) {
		t.Error("the page does not embed the same client as ReloadScript")
	}
	b.Reset()
	if err := (&Page{}).HTML(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script data-reload-url") || strings.Contains(b.String(), `id="micro-live"`) {
		t.Error("a page without LiveReload names an events URL")
	}
}
