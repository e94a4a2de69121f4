package main

import (
	"net/http"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

// state is what the proxy routes by. The supervisor replaces it whole under
// devServer.mu; requests read it under the same lock.
type state struct {
	// pending: a change was seen and its build or restart is under way.
	// Requests wait for settled to close instead of reaching stale code.
	pending bool
	settled chan struct{}
	serving *backend // the child to proxy to, when not failed
	failed  *failure // the page every request gets, when set
}

// devServer is the stable address: it routes each request to the current
// child, holds it while a reload is under way, or answers with the page of
// a failed build or crash.
type devServer struct {
	target  *runner.Target
	events  *hub
	inject  bool
	waitMax time.Duration // how long a request waits for a build

	mu sync.Mutex
	st state
}

func newDevServer(t *runner.Target, inject bool) *devServer {
	return &devServer{
		target:  t,
		events:  newHub(),
		inject:  inject,
		waitMax: 2 * time.Minute, // a cold first build compiles the standard library
		st:      state{pending: true, settled: make(chan struct{})},
	}
}

func (d *devServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == reloadPath {
		d.events.ServeHTTP(w, r)
		return
	}
	var timeout <-chan time.Time
	for {
		d.mu.Lock()
		st := d.st
		if st.pending {
			d.mu.Unlock()
			if timeout == nil {
				t := time.NewTimer(d.waitMax)
				defer t.Stop()
				timeout = t.C
			}
			select {
			case <-st.settled:
				continue
			case <-r.Context().Done():
				return
			case <-timeout:
				http.Error(w, "micro-dev: still building after "+d.waitMax.String()+"; see the terminal", http.StatusServiceUnavailable)
				return
			}
		}
		if st.failed != nil {
			d.mu.Unlock()
			st.failed.serve(w, r)
			return
		}
		b := st.serving
		b.active.Add(1)
		d.mu.Unlock()
		defer b.active.Done()
		b.proxy.ServeHTTP(w, r)
		return
	}
}

// begin marks a reload under way: from now on requests wait for it.
func (d *devServer) begin() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.st.pending {
		d.st.pending = true
		d.st.settled = make(chan struct{})
	}
}

// settle ends the wait with a child to serve or a page to show, wakes the
// waiting requests and tells browsers to reload. It returns the child that
// served before, for the caller to retire.
func (d *devServer) settle(b *backend, f *failure) (old *backend) {
	d.mu.Lock()
	old = d.st.serving
	if old == b {
		old = nil
	}
	wasPending := d.st.pending
	settled := d.st.settled
	d.st = state{serving: b, failed: f}
	if f != nil {
		d.st.serving = nil
	}
	d.mu.Unlock()
	if wasPending {
		close(settled)
	}
	d.events.broadcast()
	return old
}

// forget drops a child that exited while a reload is under way: the
// waiting requests will get the reload's outcome, not the crash.
func (d *devServer) forget(b *backend) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.st.serving == b {
		d.st.serving = nil
	}
}

// current returns the child being served, if any.
func (d *devServer) current() *backend {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.st.serving
}
