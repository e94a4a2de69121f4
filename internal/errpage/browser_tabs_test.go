//go:build unix

package errpage

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
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

// tabsRig is one run of the tabs test: the hub, the browser and its tabs.
type tabsRig struct {
	t    *testing.T
	ctx  context.Context
	hub  *sseHub
	s    *browser.Session
	tabs []*browser.Tab
}

// until waits for cond, failing with the hub's counts at the deadline.
func (r *tabsRig) until(what string, cond func() bool) {
	r.t.Helper()
	for !cond() {
		select {
		case <-r.ctx.Done():
			open, most, total, pages := r.hub.counts()
			r.t.Fatalf("waiting for %s: open %d, most %d, total %d, pages %d\n%s", what, open, most, total, pages, r.s.Log())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// roles returns what each tab's client says it is: leader or follower.
func (r *tabsRig) roles() []string {
	out := make([]string, len(r.tabs))
	for i, tab := range r.tabs {
		if err := tab.Eval(r.ctx, "String(window.__microReload)", &out[i]); err != nil {
			out[i] = err.Error()
		}
	}
	return out
}

// settled reports one leader, connected, and one open stream: its own.
func (r *tabsRig) settled() bool {
	leaders, connected := 0, 0
	for _, role := range r.roles() {
		if strings.HasPrefix(role, "leader") {
			leaders++
		}
		if role == "leader open" {
			connected++
		}
	}
	open, _, _, _ := r.hub.counts()
	return leaders == 1 && connected == 1 && open == 1
}

func (r *tabsRig) pages(want int) func() bool {
	return func() bool { _, _, _, pages := r.hub.counts(); return pages == want }
}

// start serves the page and opens it in n tabs of one browser.
func startTabs(t *testing.T, ctx context.Context, chrome string, locks bool, n int) *tabsRig {
	r := &tabsRig{t: t, ctx: ctx, hub: &sseHub{clients: map[chan struct{}]bool{}}}
	hide := ""
	if !locks {
		hide = "<script>Object.defineProperty(navigator, 'locks', {value: undefined});</script>"
	}
	page := "<!DOCTYPE html><html><head><title>app</title>" + hide + "</head><body><p>Hello</p>" +
		string(ReloadScript("/events")) + "</body></html>"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, _ *http.Request) {
		r.hub.mu.Lock()
		r.hub.pages++
		r.hub.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, page)
	})
	mux.HandleFunc("GET /events", r.hub.events)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(srv.CloseClientConnections)
	s, err := browser.Open(ctx, chrome, "about:blank", browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	r.s = s
	for range n {
		tab, err := s.NewTab(ctx, srv.URL+"/page")
		if err != nil {
			t.Fatal(err)
		}
		r.tabs = append(r.tabs, tab)
	}
	var hasLocks bool
	// A new tab shows about:blank before the page: wait for the page.
	if err := r.tabs[0].Wait(ctx, "location.pathname === '/page' && document.readyState === 'complete'"); err != nil {
		t.Fatal(err)
	}
	if err := r.tabs[0].Eval(ctx, "!!navigator.locks", &hasLocks); err != nil || hasLocks != locks {
		t.Fatalf("navigator.locks present %v, want %v (%v)", hasLocks, locks, err)
	}
	return r
}

// clientsRunning waits until every tab has run the client (it marks
// itself leader or follower).
func (r *tabsRig) clientsRunning() {
	r.t.Helper()
	for i, tab := range r.tabs {
		if err := tab.Wait(r.ctx, "/^(leader|follower)/.test(window.__microReload)"); err != nil {
			r.t.Fatalf("tab %d: %v", i, err)
		}
	}
}

func testTabs(t *testing.T, chrome string, locks bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const n = 8
	r := startTabs(t, ctx, chrome, locks, n)
	r.clientsRunning()
	r.until("one leader", r.settled)
	// An election may open more streams for a moment, while tabs that
	// started together find out which of them leads; a lock does not.
	if _, most, total, _ := r.hub.counts(); locks && (most != 1 || total != 1) {
		t.Errorf("%d tabs opened %d streams, %d at once; want 1", n, total, most)
	}

	r.hub.broadcast()
	r.until("every tab reloaded", r.pages(2*n))
	r.clientsRunning()
	r.until("one leader", r.settled)
	// Each tab reloaded once, and the reloading tabs did not take the
	// lead on their way out (each would open a stream for nothing).
	if _, _, total, pages := r.hub.counts(); pages != 2*n || locks && total != 2 {
		t.Errorf("after one reload: %d page loads, %d streams in all; want %d and 2", pages, total, 2*n)
	}

	// Close the leader: another tab takes over the stream.
	leader := slices.Index(r.roles(), "leader open")
	if leader < 0 {
		t.Fatal("no tab leads")
	}
	_, _, before, _ := r.hub.counts()
	if err := r.tabs[leader].Close(ctx); err != nil {
		t.Fatal(err)
	}
	r.tabs = slices.Delete(r.tabs, leader, leader+1)
	r.until("another tab to take over", func() bool {
		_, _, total, _ := r.hub.counts()
		return total > before && r.settled()
	})
	r.hub.broadcast()
	r.until("the other tabs reloaded", r.pages(3*n-1))
}
