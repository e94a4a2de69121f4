package devserver

import (
	"fmt"
	"net/http"
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
	closed chan struct{}
	once   sync.Once
}

func newHub() *hub {
	return &hub{ch: make(chan struct{}), closed: make(chan struct{})}
}

func (h *hub) wait() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch
}

func (h *hub) broadcast() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.ch)
	h.ch = make(chan struct{})
}

// close ends every event stream, so that server shutdown is not held up
// by browsers that never hang up.
func (h *hub) close() { h.once.Do(func() { close(h.closed) }) }

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Take the channel before saying "connected": a build that settles
	// right after the browser hears it must still reach it.
	next := h.wait()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// A comment line tells EventSource it is connected; retry keeps
	// reconnects quick while micro-dev restarts.
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
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
