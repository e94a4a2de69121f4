package devserver

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// acceptHeaders are Accept headers of browsers, API clients and curl, and
// the edge cases of q-values.
var acceptHeaders = []struct {
	accept string
	want   Format
}{
	{"", Text},
	{"*/*", Text},
	{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML},
	{"application/json", JSON},
	{"application/problem+json", JSON},
	{"application/json, text/plain, */*", JSON},
	{"text/plain", Text},
	{"text/html;q=0.5, application/json", JSON},
	{"application/json;q=0.5, text/html", HTML},
	{"text/html;q=0", Text},
	{"application/json;q=bad, text/html;q=0.1", HTML},
	{"TEXT/HTML", HTML},
	{"text/plain;q=0.9, application/json;q=0.9", Text},
	{"image/webp,*/*", Text},
	{"application/xhtml+xml", HTML},
	{" text/html ; q=0.8 , application/json ; q=0.7", HTML},
}

func TestPreferredFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range acceptHeaders {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.accept != "" {
			r.Header.Set("Accept", tt.accept)
		}
		if got := PreferredFormat(r); got != tt.want {
			t.Errorf("Accept %q: %v, want %v", tt.accept, got, tt.want)
		}
	}
}

// TestPreferredFormatAgreesWithCore holds the two copies to the same
// answers: core keeps its own, since it imports nothing of this module.
func TestPreferredFormatAgreesWithCore(t *testing.T) {
	core.SetDev(true)
	defer core.SetDev(false)
	contentType := map[Format]string{Text: "text/plain", HTML: "text/html", JSON: "application/json"}
	for _, tt := range acceptHeaders {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.accept != "" {
			r.Header.Set("Accept", tt.accept)
		}
		w := httptest.NewRecorder()
		core.SendError(w, r, errors.New("boom"))
		ours := contentType[PreferredFormat(r)]
		if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, ours) {
			t.Errorf("Accept %q: core answers %s, devserver %s", tt.accept, got, ours)
		}
		// And micro-dev's own pages choose the same.
		w = httptest.NewRecorder()
		crashFailure(http.StatusInternalServerError, "crashed", "exit status 2", nil, "").serve(w, r)
		if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, ours) {
			t.Errorf("Accept %q: the crash page is %s, want %s", tt.accept, got, ours)
		}
	}
}
