package devserver

import (
	"strings"
	"testing"
)

func TestUnchangedKeepsServingTheChild(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	h.change("/src/page.templ")
	b2 := h.nextBuild(2)
	held := h.goGet("/", "")
	h.held()
	b2.finish(ErrUnchanged)
	if r := h.receive(held); r.status != 200 || r.body != "gen 1" {
		t.Fatalf("a request held by a save that built nothing got %d %q, want gen 1", r.status, r.body)
	}
	select {
	case <-c1.Done():
		t.Fatal("the child was stopped by a save that built nothing")
	default:
	}
	h.change("/src/a.go")
	h.serving(3)
	h.exited(c1)
}

func TestCommandErrorGivesItsPageUntilAFix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	h.change("/src/page.templ")
	h.nextBuild(2).finish(&CommandError{Command: "templ generate", Exit: "exit status 1", Output: []string{"page.templ:3: unexpected }"}})
	h.event("build failed")
	h.exited(c1)
	r := h.get("/", "application/json")
	for _, want := range []string{`"command": "templ generate"`, `"exit": "exit status 1"`, `page.templ:3: unexpected }`} {
		if r.status != 500 || !strings.Contains(r.body, want) {
			t.Fatalf("JSON of a failed --before command lacks %s: %d\n%s", want, r.status, r.body)
		}
	}
	r = h.get("/", "text/html")
	for _, want := range []string{"--before command failed", "templ generate", "exit status 1", "page.templ:3: unexpected }", ReloadPath} {
		if !strings.Contains(r.body, want) {
			t.Fatalf("HTML of a failed --before command lacks %q:\n%s", want, r.body)
		}
	}
	if r := h.get("/", ""); !strings.Contains(r.body, "templ generate") {
		t.Fatalf("text of a failed --before command lacks the command:\n%s", r.body)
	}
	// A save that changes nothing keeps the page; a fix serves.
	h.change("/src/page.templ")
	h.nextBuild(3).finish(ErrUnchanged)
	if r := h.get("/", "application/json"); !strings.Contains(r.body, "templ generate") {
		t.Fatalf("a save that built nothing replaced the page:\n%s", r.body)
	}
	h.change("/src/page.templ")
	h.serving(4)
	if r := h.get("/", ""); r.body != "gen 4" {
		t.Fatalf("after the fix: %q, want gen 4", r.body)
	}
}
