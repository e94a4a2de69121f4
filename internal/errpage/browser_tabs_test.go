//go:build unix

package errpage

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// sseHub is the live-reload endpoint of the tabs test: it counts the
// connections open now, at most and in all, and sends "reload" to those
// open when asked.
type sseHub struct {
	mu                sync.Mutex
	open, most, total int
	pages             int
	clients           map[chan struct{}]bool
}

func (h *sseHub) counts() (open, most, total, pages int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.open, h.most, h.total, h.pages
}

func (h *sseHub) events(w http.ResponseWriter, r *http.Request) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	h.open++
	h.total++
	h.most = max(h.most, h.open)
	h.clients[ch] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.open--
		delete(h.clients, ch)
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	_, _ = fmt.Fprint(w, ": connected\n\n")
	_ = http.NewResponseController(w).Flush()
	select {
	case <-ch:
		_, _ = fmt.Fprint(w, "event: reload\ndata: x\n\n")
		_ = http.NewResponseController(w).Flush()
		<-r.Context().Done()
	case <-r.Context().Done():
	}
}

func (h *sseHub) broadcast() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		ch <- struct{}{}
	}
}

// TestBrowserTabsShareOneConnection opens eight tabs of one page in one
// browser: a browser gives a host six HTTP/1.1 connections, so one event
// stream per tab would leave the seventh tab hanging. Exactly one stream
// must be open; a reload event reaches every tab; and when the tab that
// holds the stream closes, another opens it. It runs twice: with Web
// Locks, and without them (as on a page that is not a secure context),
// where the tabs elect a leader on their BroadcastChannel.
func TestBrowserTabsShareOneConnection(t *testing.T) {
	chrome := chromium(t)
	for _, locks := range []bool{true, false} {
		t.Run(map[bool]string{true: "web locks", false: "election"}[locks], func(t *testing.T) {
			t.Parallel()
			testTabs(t, chrome, locks)
		})
	}
}

func testTabs(t *testing.T, chrome string, locks bool) {
	hub := &sseHub{clients: map[chan struct{}]bool{}}
	hide := ""
	if !locks {
		hide = "<script>Object.defineProperty(navigator, 'locks', {value: undefined});</script>"
	}
	page := "<!DOCTYPE html><html><head><title>app</title>" + hide + "</head><body><p>Hello</p>" +
		string(ReloadScript("/events")) + "</body></html>"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		hub.mu.Lock()
		hub.pages++
		hub.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, page)
	})
	mux.HandleFunc("GET /events", hub.events)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer srv.CloseClientConnections()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := browser.Open(ctx, chrome, "about:blank", browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 8
	var tabs []*browser.Tab
	for range n {
		tab, err := s.NewTab(ctx, srv.URL+"/page")
		if err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, tab)
	}
	until := func(what string, cond func() bool) {
		t.Helper()
		for !cond() {
			select {
			case <-ctx.Done():
				open, most, total, pages := hub.counts()
				t.Fatalf("waiting for %s: open %d, most %d, total %d, pages %d\n%s", what, open, most, total, pages, s.Log())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	// Every tab has run the client (it marks itself leader or follower).
	for i, tab := range tabs {
		if err := tab.Wait(ctx, "window.__microReload === 'leader' || window.__microReload === 'follower'"); err != nil {
			t.Fatalf("tab %d: %v", i, err)
		}
	}
	var hasLocks bool
	if err := tabs[0].Eval(ctx, "!!navigator.locks", &hasLocks); err != nil || hasLocks != locks {
		t.Fatalf("navigator.locks present %v, want %v (%v)", hasLocks, locks, err)
	}
	until("one open stream", func() bool { open, _, _, _ := hub.counts(); return open == 1 })
	// An election may open a second stream for a moment, while two tabs
	// that started together find out which of them leads.
	if _, most, total, _ := hub.counts(); locks && (most != 1 || total != 1) || most > 2 {
		t.Errorf("%d tabs opened %d streams, %d at once; want 1", n, total, most)
	}

	hub.broadcast()
	until("every tab reloaded", func() bool { _, _, _, pages := hub.counts(); return pages == 2*n })
	until("one open stream after the reload", func() bool { open, _, _, _ := hub.counts(); return open == 1 })
	for i, tab := range tabs {
		if err := tab.Wait(ctx, "window.__microReload === 'leader' || window.__microReload === 'follower'"); err != nil {
			t.Fatalf("tab %d after the reload: %v", i, err)
		}
	}
	// One leader, stable: no tab is about to claim the lead.
	settled := func() bool {
		leaders := 0
		for _, tab := range tabs {
			var role string
			if err := tab.Eval(ctx, "String(window.__microReload)", &role); err == nil && role == "leader" {
				leaders++
			}
		}
		open, _, _, _ := hub.counts()
		return leaders == 1 && open == 1
	}
	until("one leader", settled)
	// Each tab reloaded once, and the reloading tabs did not take the
	// lead on their way out (each would open a stream for nothing).
	if _, _, total, pages := hub.counts(); pages != 2*n || locks && total != 2 {
		t.Errorf("after one reload: %d page loads, %d streams in all; want %d and 2", pages, total, 2*n)
	}

	// Close the leader: another tab takes over the stream.
	leader := -1
	for i, tab := range tabs {
		var role string
		if err := tab.Eval(ctx, "String(window.__microReload)", &role); err != nil {
			t.Fatal(err)
		}
		if role == "leader" {
			if leader >= 0 {
				t.Errorf("tabs %d and %d both lead", leader, i)
			}
			leader = i
		}
	}
	if leader < 0 {
		t.Fatal("no tab leads")
	}
	_, _, before, _ := hub.counts()
	if err := tabs[leader].Close(ctx); err != nil {
		t.Fatal(err)
	}
	tabs = append(tabs[:leader], tabs[leader+1:]...)
	until("another tab to take over", func() bool {
		_, _, total, _ := hub.counts()
		return total > before && settled()
	})
	hub.broadcast()
	until("the other tabs reloaded", func() bool { _, _, _, pages := hub.counts(); return pages == 3*n-1 })
}
