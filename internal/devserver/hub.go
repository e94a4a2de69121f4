package devserver

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// ReloadPath is where pages served through micro-dev listen for new builds.
const ReloadPath = "/__micro/reload"

// hub broadcasts "a new build serves" to the browsers listening on
// ReloadPath with server-sent events. A broadcast closes the current channel
// and makes a new one, so a slow browser never blocks the supervisor.
type hub struct {
	mu     sync.Mutex
	ch     chan struct{}
	sent   int // broadcasts so far
	closed chan struct{}
	once   sync.Once
}

func newHub() *hub {
	return &hub{ch: make(chan struct{}), closed: make(chan struct{})}
}

func (h *hub) wait() <-chan struct{} {
	next, _ := h.waitSent()
	return next
}

// waitSent is wait and the number of broadcasts sent before it.
func (h *hub) waitSent() (<-chan struct{}, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch, h.sent
}

func (h *hub) broadcast() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.ch)
	h.ch = make(chan struct{})
	h.sent++
}

// close ends every event stream, so that server shutdown is not held up
// by browsers that never hang up.
func (h *hub) close() { h.once.Do(func() { close(h.closed) }) }

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Take the channel before saying "connected": a build that settles
	// right after the browser hears it must still reach it.
	next, sent := h.waitSent()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// A comment line tells EventSource it is connected; retry keeps
	// reconnects quick while micro-dev restarts.
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	// A page drawn while a build was under way names the broadcasts it
	// has seen (?after=N): one sent before it connected still reaches it.
	if after, err := strconv.Atoi(r.URL.Query().Get("after")); err == nil && after < sent {
		fmt.Fprint(w, "event: reload\ndata: {}\n\n")
	}
	if rc.Flush() != nil {
		return
	}
	for {
		select {
		case <-next:
			next = h.wait()
			fmt.Fprint(w, "event: reload\ndata: {}\n\n")
			if rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.closed:
			return
		}
	}
}
