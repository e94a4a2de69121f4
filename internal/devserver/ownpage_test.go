package devserver

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// ownLabel serves a browser's GET / through the Server, the way the
// request log does, and returns the label the Server left and the status.
func (h *harness) ownLabel() (string, int) {
	h.t.Helper()
	var own OwnPage
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "text/html")
	req = req.WithContext(WithOwnPage(req.Context(), &own))
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	return own.Label(), rec.Code
}

// The Server names its own pages for the request log, and leaves the
// program's responses unnamed; nothing of it reaches the browser.
func TestOwnPageLabels(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	if label, code := h.ownLabel(); label != "" || code != http.StatusOK {
		t.Errorf("the program's response: label %q, status %d; want none, 200", label, code)
	}
	c1.end("exit status 3")
	h.event("crashed")
	if label, code := h.ownLabel(); label != "crashed" || code != http.StatusInternalServerError {
		t.Errorf("crash page: label %q, status %d; want crashed, 500", label, code)
	}
	h.change("/src/a.go")
	h.nextBuild(2).finish(errors.New("boom"))
	h.event("build failed")
	if label, _ := h.ownLabel(); label != "build failed" {
		t.Errorf("compile page: label %q, want build failed", label)
	}
	r := h.get("/", "text/html")
	for name := range r.header {
		if name != "Cache-Control" && name != "Content-Type" && name != "Date" && name != "Content-Length" {
			t.Errorf("the page carries a header %s: %q", name, r.header.Get(name))
		}
	}
}

func TestOwnPageLabelOfTitles(t *testing.T) {
	t.Parallel()
	tests := []struct{ title, label string }{
		{"The handler failed to start", "the handler failed to start"},
		{"A --before command failed", "a --before command failed"},
		{"HTTP trouble", "HTTP trouble"},
	}
	for _, tt := range tests {
		f := crashFailure(500, tt.title, "", nil, "")
		if got := f.logLabel(); got != tt.label {
			t.Errorf("label of %q = %q, want %q", tt.title, got, tt.label)
		}
	}
	if got := holdFailure(1, "", 0).logLabel(); got != "still building" {
		t.Errorf("hold page label %q", got)
	}
}

// The JSON of a crash has the program's last lines without its colours.
func TestCrashJSONIsClean(t *testing.T) {
	t.Parallel()
	f := crashFailure(500, "The handler exited", "exit status 1", []string{"\x1b[31mred\x1b[0m\r", "plain"}, "")
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/json")
	f.serve(rec, req)
	if body := rec.Body.String(); !strings.Contains(body, `"red"`) || strings.Contains(body, `\u001b`) || strings.Contains(body, `\r`) {
		t.Errorf("crash JSON:\n%s", body)
	}
}

// core's small page, replaced by micro-dev's full one, is one line of the
// log too.
func TestOwnPageLabelOfARuntimePage(t *testing.T) {
	s := &Server{cfg: Config{ModuleRoot: t.TempDir()}}
	resp := coreError(t, "text/html")
	var own OwnPage
	resp.Request = resp.Request.WithContext(WithOwnPage(resp.Request.Context(), &own))
	if err := s.runtimePage(resp); err != nil {
		t.Fatal(err)
	}
	if own.Label() != "error page" {
		t.Errorf("label %q, want error page", own.Label())
	}
}
