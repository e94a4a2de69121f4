package devserver

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// post sends a POST to path with an Origin header (none when empty).
func (h *harness) post(path, origin string) response {
	h.t.Helper()
	req, err := http.NewRequest("POST", h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// After a crash while serving, the crash page offers a restart; a POST
// there starts the same executable again, without a build, and the new
// child serves.
func TestRestartAfterCrash(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	if r := h.post(RestartPath, ""); r.status != http.StatusConflict {
		t.Errorf("restart while serving: %d %q, want 409", r.status, r.body)
	}
	c1.end("exit status 2")
	h.event("crashed")
	page := h.get("/", "text/html")
	if page.status != 500 || !strings.Contains(page.body, `id="micro-restart"`) || !strings.Contains(page.body, `data-url="`+RestartPath+`"`) {
		t.Fatalf("the crash page offers no restart: %d\n%s", page.status, page.body)
	}
	if r := h.get(RestartPath, ""); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("GET %s: %d, Allow %q; want 405, POST", RestartPath, r.status, r.header.Get("Allow"))
	}
	if r := h.post(RestartPath, "http://evil.example"); r.status != http.StatusForbidden {
		t.Errorf("cross-origin restart: %d, want 403", r.status)
	}
	if r := h.post(RestartPath, h.url); r.status != http.StatusAccepted {
		t.Fatalf("same-origin restart: %d %q, want 202", r.status, r.body)
	}
	// No build: the same generation's executable starts again.
	h.nextChild(1)
	h.event("served")
	if r := h.get("/", ""); r.status != 200 || r.body != "gen 1" {
		t.Fatalf("after the restart: %d %q", r.status, r.body)
	}
	select {
	case b := <-h.builds:
		t.Fatalf("the restart built generation %d", b.gen)
	default:
	}
	// Once restarted, there is nothing left to restart.
	if r := h.post(RestartPath, ""); r.status != http.StatusConflict {
		t.Errorf("second restart: %d, want 409", r.status)
	}
}

// A save after a crash builds anew; the crashed executable is no longer
// offered.
func TestRestartAfterASaveIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1).end("exit status 2")
	h.event("crashed")
	h.change("/src/a.go")
	h.serving(2)
	if r := h.post(RestartPath, ""); r.status != http.StatusConflict {
		t.Errorf("restart after a rebuild: %d, want 409", r.status)
	}
	if r := h.get("/", ""); r.body != "gen 2" {
		t.Errorf("serving %q, want gen 2", r.body)
	}
}
