package devserver

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// firstEvent opens the live-reload stream at path and returns its first
// event line.
func (h *harness) firstEvent(path string) string {
	h.t.Helper()
	resp, err := http.Get(h.url + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return ""
			}
			if strings.HasPrefix(l, "event:") {
				return l
			}
		case <-time.After(wait):
			h.t.Fatal("no event")
		}
	}
}

// The page a request gets past the hold limit reloads itself when the
// build ends, also when the build ends before its stream connects.
func TestHoldPageReloadsWhenTheBuildEnds(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Hold = 10 * time.Millisecond })
	b := h.nextBuild(1)
	r := h.get("/", "text/html")
	if r.status != 503 || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, `data-reload-url="/__micro/reload?after=0"`) {
		t.Fatalf("hold page: %d Retry-After %q\n%s", r.status, r.header.Get("Retry-After"), r.body)
	}
	b.finish(nil)
	h.nextChild(1)
	h.event("served")
	// The build ended before the page's stream connected: it still hears.
	if e := h.firstEvent("/__micro/reload?after=0"); e != "event: reload" {
		t.Fatalf("a page drawn during the build got %q, want a reload", e)
	}
}

// A stream told of the broadcasts its page has seen gets only those it
// missed; one told nothing gets only the next.
func TestHubSendsTheMissedReload(t *testing.T) {
	t.Parallel()
	hb := newHub()
	hb.broadcast()
	for _, tt := range []struct {
		query  string
		reload bool
	}{
		{"?after=0", true},
		{"?after=1", false},
		{"", false},
		{"?after=x", false},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // what is written before the wait is all there is
		w := httptest.NewRecorder()
		hb.ServeHTTP(w, httptest.NewRequest("GET", ReloadPath+tt.query, nil).WithContext(ctx))
		if got := strings.Contains(w.Body.String(), "event: reload"); got != tt.reload {
			t.Errorf("%q: reload sent %v, want %v:\n%s", tt.query, got, tt.reload, w.Body.String())
		}
	}
}
