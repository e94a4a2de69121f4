package devserver

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// state is what the proxy routes by. The supervisor replaces it whole under
// Server.mu; requests read it under the same lock.
type state struct {
	// pending: a change was seen and its build or restart is under way.
	// Requests wait for settled to close instead of reaching stale code.
	pending bool
	settled chan struct{}
	serving *backend // the child to proxy to, when not failed
	failed  *failure // the page every request gets, when set
}

// Server is the stable address: it routes each request to the current
// child, holds it while a reload is under way, or answers with the page of
// a failed build or crash. Create it with New and drive it with Run.
type Server struct {
	cfg     Config
	events  *hub
	handler http.Handler
	modify  func(*http.Response) error // the ModifyResponse chain, or nil
	buffers bufferPool                 // shared by the proxies of all children

	mu sync.Mutex
	st state

	crashRestarts chan chan error // restarts asked by the crash page, for Run
	restarts      chan []string   // Restart's requests, for the supervisor

	onHold func() // tests: a request starts waiting for a reload
	onLane func() // tests: the lane answered a request

	pendMu  sync.Mutex
	pending map[string]*pending // requests the lane sent and handed over, by token
}

// New returns a Server that holds every request until Run's first build
// settles.
func New(cfg Config) (*Server, error) {
	if cfg.Build == nil || cfg.Start == nil {
		return nil, errors.New("devserver: Config.Build and Config.Start are required")
	}
	if cfg.Events == nil {
		cfg.Events = nopEvents{}
	}
	cfg.Hold = orDefault(cfg.Hold, 2*time.Minute)
	cfg.ReadyTimeout = orDefault(cfg.ReadyTimeout, 30*time.Second)
	cfg.Drain = orDefault(cfg.Drain, 10*time.Second)
	s := &Server{
		cfg:    cfg,
		events: newHub(),
		st:     state{pending: true, settled: make(chan struct{})},

		crashRestarts: make(chan chan error),
		restarts:      make(chan []string, 1),
	}
	if cfg.Addr != "" {
		s.cfg.Sequential = true
	}
	s.modify = chain(s.runtimePage, cfg.InjectReload, cfg.ModifyResponse)
	var h http.Handler = sameOriginOnly(http.HandlerFunc(s.route))
	for i := len(cfg.Middleware) - 1; i >= 0; i-- {
		h = cfg.Middleware[i](h)
	}
	if cfg.Hosts != nil {
		h = cfg.Hosts.Check(h)
	}
	s.handler = h
	return s, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// chain runs, on every proxied response: the full error page in place of
// core's small one, the live-reload injection, then each hook, stopping at
// the first error.
func chain(first func(*http.Response) error, inject bool, hooks []func(*http.Response) error) func(*http.Response) error {
	all := []func(*http.Response) error{first}
	if inject {
		all = append(all, injectReload)
	}
	all = append(all, hooks...)
	return func(resp *http.Response) error {
		for _, h := range all {
			if err := h(resp); err != nil {
				return err
			}
		}
		return nil
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := s.claimPending(r.Header); p != nil {
		// A request the lane sent and handed over (lane.go).
		defer p.drop()
		r = r.WithContext(context.WithValue(r.Context(), pendingKey{}, p))
	}
	s.handler.ServeHTTP(w, r)
}

// CloseStreams ends every live-reload stream, and the program's own
// streams (responses of unknown length, such as server-sent events), so
// that an http.Server's Shutdown is not held up by browsers that never
// hang up.
func (s *Server) CloseStreams() {
	s.events.close()
	if b := s.current(); b != nil {
		b.endStreams()
	}
}

// route sends r to the live-reload stream, the current child or the page
// of the current failure, waiting first for a reload under way.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case ReloadPath:
		s.events.ServeHTTP(w, r)
		return
	case RestartPath:
		s.serveRestart(w, r)
		return
	}
	if p, _ := r.Context().Value(pendingKey{}).(*pending); p != nil {
		// Sent by the lane already: its answer is read from the same
		// child, reload or not (ServeHTTP drops p after).
		p.b.serve(w, r)
		return
	}
	b, f := s.await(r)
	switch {
	case f != nil:
		f.serve(w, r)
	case b != nil:
		defer b.active.Done()
		b.serve(w, r)
	default:
		// The client went away while held: nothing is answered, so that
		// no 200 is invented and logged.
		panic(http.ErrAbortHandler)
	}
}

// await waits, at most cfg.Hold, for no reload to be under way. It returns
// the child to proxy to, with its active count taken, or the page to
// serve; neither when the client went away.
func (s *Server) await(r *http.Request) (*backend, *failure) {
	var timeout <-chan time.Time
	sent := -1 // broadcasts before the hold began
	for {
		s.mu.Lock()
		st := s.st
		if !st.pending {
			defer s.mu.Unlock()
			if st.failed != nil {
				return nil, st.failed
			}
			if st.serving == nil { // not reached: settle always gives one
				return nil, crashFailure(http.StatusServiceUnavailable, "No program is running", "", nil, s.cfg.ModuleRoot)
			}
			st.serving.active.Add(1)
			return st.serving, nil
		}
		if sent < 0 {
			_, sent = s.events.waitSent()
		}
		s.mu.Unlock()
		if timeout == nil {
			if s.onHold != nil {
				s.onHold()
			}
			t := time.NewTimer(s.cfg.Hold)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-st.settled:
		case <-r.Context().Done():
			return nil, nil
		case <-timeout:
			return nil, holdFailure(s.cfg.Hold, s.cfg.ModuleRoot, sent)
		}
	}
}

// begin marks a reload under way: from now on requests wait for it.
func (s *Server) begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.st.pending {
		s.st.pending = true
		s.st.settled = make(chan struct{})
	}
}

// settle ends the wait with a child to serve or a page to show, wakes the
// waiting requests and tells browsers to reload. It returns the child that
// served before, for the caller to retire.
func (s *Server) settle(b *backend, f *failure) (old *backend) {
	s.mu.Lock()
	old = s.st.serving
	if old == b {
		old = nil
	}
	wasPending := s.st.pending
	settled := s.st.settled
	s.st = state{serving: b, failed: f}
	if f != nil {
		s.st.serving = nil
	}
	s.mu.Unlock()
	if wasPending {
		close(settled)
	}
	s.events.broadcast()
	return old
}

// forget drops a child that exited while a reload is under way: the
// waiting requests will get the reload's outcome, not the crash.
func (s *Server) forget(b *backend) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.serving == b {
		s.st.serving = nil
	}
}

// laneable reports whether the lane may serve s's plain requests: when no
// hook of the Config has to see every request and answer.
func (s *Server) laneable() bool {
	return len(s.cfg.Middleware) == 0 && len(s.cfg.ModifyResponse) == 0
}

// current returns the child being served, if any.
func (s *Server) current() *backend {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.serving
}
