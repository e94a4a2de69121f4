//go:build unix

package errpage

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// TestBrowserReload checks the live-reload client in a real browser, in an
// error page and injected into a user's page: the events endpoint sends
// "reload" on its first connection, and the page must be fetched again.
// The second connection gets 204, which tells EventSource to stop.
func TestBrowserReload(t *testing.T) {
	chrome := chromium(t)
	errorPage := &Page{Kind: Compile, Status: 500, Diagnostics: []Diagnostic{{File: "/nonexistent/x.go", Line: 1, Col: 1, Message: "boom"}}, LiveReload: "/events"}
	var html bytes.Buffer
	if err := errorPage.HTML(&html); err != nil {
		t.Fatal(err)
	}
	userPage := "<!DOCTYPE html><html><head><title>app</title></head><body><p>Hello</p>" +
		string(ReloadScript("/events")) + "</body></html>"
	for _, tc := range []struct{ name, body string }{
		{"error page", html.String()},
		{"injected", userPage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			pages, events := 0, 0
			mux := http.NewServeMux()
			mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				pages++
				mu.Unlock()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = fmt.Fprint(w, tc.body)
			})
			mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				events++
				first := events == 1
				mu.Unlock()
				if !first {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Header().Set("Content-Type", "text/event-stream")
				_, _ = fmt.Fprint(w, "event: reload\ndata: build 2\n\n")
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()

			// A session, not Load's virtual time: the client waits for a
			// Web Lock, which virtual time does not wait for.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			sess, err := browser.Open(ctx, chrome, srv.URL+"/page", browser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			fetched := func() int { mu.Lock(); defer mu.Unlock(); return pages }
			for fetched() < 2 {
				select {
				case <-ctx.Done():
					t.Fatalf("the page was fetched %d times, want 2 (loaded, then reloaded on the event)\n%s", fetched(), sess.Log())
				case <-time.After(20 * time.Millisecond):
				}
			}
			if err := sess.Wait(ctx, "document.readyState === 'complete'"); err != nil {
				t.Fatal(err)
			}
			if tc.name == "error page" {
				if err := sess.Wait(ctx, "!document.getElementById('micro-copy').hidden"); err != nil {
					t.Errorf("the copy button is still hidden: the page's script did not run: %v", err)
				}
			}
			if n := fetched(); n != 2 {
				t.Errorf("the page was fetched %d times, want 2", n)
			}
		})
	}
}
