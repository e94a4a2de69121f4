package core_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// Core shares its Content-Type values between responses; what middleware
// does to a response's headers afterwards must not reach the next one.
func TestSharedHeaderValuesStayPerResponse(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return "hi", nil })
	for i := range 3 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, mustRequest(t, "GET", "/", ""))
		if got := rec.Header().Values("Content-Type"); len(got) != 1 || got[0] != "text/plain; charset=utf-8" {
			t.Fatalf("request %d: Content-Type = %q", i, got)
		}
		rec.Header().Add("Content-Type", "text/x-added")
		rec.Header().Set("Content-Length", "999")
		rec.Header().Del("Content-Type")
	}
}

// Writers are recycled: one that panicked or was kept by a Func leaves no
// state (started, headers) for the next request.
func TestRecycledWriterStartsFresh(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if r.URL.Path == "/write" {
			_, _ = w.Write([]byte("mine"))
			return "ignored", nil
		}
		return "sent", nil
	})
	for i := range 20 {
		path := []string{"/write", "/"}[i%2]
		rec := record(h, mustRequest(t, "GET", path, ""))
		if want := map[string]string{"/write": "mine", "/": "sent"}[path]; rec.Body.String() != want {
			t.Fatalf("request %d to %s: body %q, want %q", i, path, rec.Body.String(), want)
		}
	}
}
