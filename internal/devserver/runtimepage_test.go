package devserver

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// coreError is what a program built on core answers in development for a
// handler error, as it reaches micro-dev's proxy.
func coreError(t *testing.T, accept string) *http.Response {
	t.Helper()
	restore := core.Dev()
	core.SetDev(true)
	defer core.SetDev(restore)
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, fmt.Errorf("loading profile: %w", errors.New("no such profile"))
	})
	req := httptest.NewRequest("GET", "http://localhost:3000/users/ada?tab=posts", nil)
	req.Header.Set("Accept", accept)
	req.Header.Set("Authorization", "Bearer sekret-token-123")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp
}

func TestRuntimePageReplacesCoresSmallPage(t *testing.T) {
	s := &Server{cfg: Config{ModuleRoot: t.TempDir()}}
	resp := coreError(t, "text/html")
	if resp.Header.Get(errorHeader) == "" {
		t.Fatalf("core's dev error carries no %s header: the proxy cannot find it", errorHeader)
	}
	if err := s.runtimePage(resp); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	page := string(body)
	for _, want := range []string{"loading profile: no such profile", "/users/ada", "data-reload-url"} {
		if !strings.Contains(page, want) {
			t.Errorf("the full page lacks %q", want)
		}
	}
	// The value is there only behind a click (a hidden element), never in
	// the page's text or its copied report.
	if n := strings.Count(page, "sekret-token-123"); n != 1 || !strings.Contains(page, "hidden>Bearer sekret-token-123<") {
		t.Errorf("the Authorization value shows unmasked (%d times)", n)
	}
	if resp.Header.Get(errorHeader) != "" {
		t.Errorf("%s reached the browser", errorHeader)
	}
	if n, _ := strconv.Atoi(resp.Header.Get("Content-Length")); n != len(body) || resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %q / %d, body %d bytes", resp.Header.Get("Content-Length"), resp.ContentLength, len(body))
	}
	// The drawn page already has the client: injection leaves it alone.
	if err := injectReload(resp); err != nil || resp.ContentLength != int64(len(body)) {
		t.Errorf("injection touched micro-dev's own page: %v, length %d", err, resp.ContentLength)
	}
}

func TestRuntimePageLeavesJSONAndOthers(t *testing.T) {
	s := &Server{cfg: Config{ModuleRoot: t.TempDir()}}
	resp := coreError(t, "application/json")
	want := resp.Header.Get("Content-Length")
	if err := s.runtimePage(resp); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"status": 500`) || resp.Header.Get("Content-Length") != want {
		t.Errorf("JSON changed: %s", body)
	}
	if resp.Header.Get(errorHeader) != "" {
		t.Errorf("%s reached the client", errorHeader)
	}
	// A program's own HTML 500 without the marker is its business.
	plain := &http.Response{StatusCode: 500, Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("<p>mine</p>"))}
	if err := s.runtimePage(plain); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(plain.Body); string(b) != "<p>mine</p>" {
		t.Errorf("a page without the marker was replaced: %q", b)
	}
}
