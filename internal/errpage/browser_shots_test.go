//go:build unix

package errpage

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// shotsDir is where the browser test leaves its screenshots, for a human
// to look at: build/ at the module root (ignored by git).
const shotsDir = "../../build/screenshots"

// deliberateError is a page with a script error: the browser test checks
// that its detector sees it, so that "no console errors" means something.
const deliberateError = `<!DOCTYPE html><html><head><title>x</title></head><body>` +
	`<script>undefinedFunction();</script></body></html>`

// TestBrowser loads every page in headless Chromium, wide, narrow and dark,
// takes a screenshot of each and fails on any console message: the pages
// log nothing, so any message is an error (a script exception, a refused
// resource, a broken EventSource).
func TestBrowser(t *testing.T) {
	chrome := chromium(t)
	t.Setenv("MICRO_EDITOR", "")
	pages := map[string]*Page{}
	for _, f := range fixtures(t, t.TempDir()) {
		pages[f.name] = &f.page
	}
	srv := serve(t, pages)
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}

	type shot struct {
		page, variant string
		width, height int
		dark          bool
	}
	var shots []shot
	for name := range pages {
		if name != "empty" { // nothing to look at; the golden file covers it
			shots = append(shots, shot{name, "wide", 1280, 2000, false})
		}
	}
	for _, name := range []string{"runtime", "compile", "crash", "stackless"} {
		shots = append(shots,
			shot{name, "narrow", 420, 1600, false},
			shot{name, "dark", 1280, 2000, true},
			shot{name, "narrow-dark", 420, 1600, true})
	}

	// Three browsers at a time: much of a run is start-up waiting, and the
	// test machines have two cores.
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, s := range shots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			file := filepath.Join(shotsDir, s.page+"-"+s.variant+".png")
			console, err := screenshot(t, chrome, srv.URL+"/pages/"+s.page, file, s.width, s.height, s.dark)
			if err != nil {
				t.Errorf("%s %s: %v", s.page, s.variant, err)
				return
			}
			for _, line := range console {
				t.Errorf("%s %s: console: %s", s.page, s.variant, line)
			}
		}()
	}
	// The detector must see a real error, or the checks above prove nothing.
	wg.Add(1)
	go func() {
		defer wg.Done()
		sem <- struct{}{}
		defer func() { <-sem }()
		file := filepath.Join(t.TempDir(), "deliberate.png")
		console, err := screenshot(t, chrome, srv.URL+"/deliberate-error", file, 800, 600, false)
		if err != nil {
			t.Errorf("deliberate error page: %v", err)
			return
		}
		if !strings.Contains(strings.Join(console, "\n"), "undefinedFunction") {
			t.Errorf("the console detector missed a deliberate script error; console lines: %q", console)
		}
	}()
	wg.Wait()
}

// serve starts a server with the pages under /pages/{name}, a live-reload
// endpoint that stays open, and the deliberate error page.
func serve(t *testing.T, pages map[string]*Page) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pages/{name}", func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.PathValue("name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		var b bytes.Buffer
		if err := p.HTML(&b); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(max(p.Status, http.StatusOK))
		_, _ = w.Write(b.Bytes())
	})
	mux.HandleFunc("GET /__micro/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = fmt.Fprint(w, ": connected\n\n")
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	mux.HandleFunc("GET /deliberate-error", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, deliberateError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first: ends open event streams
	return srv
}
