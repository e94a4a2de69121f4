package devserver

import (
	"io"
	"net"
	"net/http"
	"time"
)

// StableServer returns the http.Server for micro-dev's stable address, and
// ln wrapped for it: serve with srv.Serve(wrapped). When h is a *Server
// with no Middleware or ModifyResponse hooks, its plainest requests are
// served by the lane (lane.go) and the rest by srv.
//
// Slow clients are bounded as core.Serve bounds them: the headers must
// arrive within 10s, a request body must bring 1KB in every 30s spent
// waiting for it, and a kept-alive connection is closed after 2 minutes
// idle. Nothing bounds a whole request or response, so long uploads and
// long streams go on. The body check is progress.go, a copy of core's:
// core imports nothing of this module, and exporting it from core would
// add to the API of every handler package what only micro-dev needs; a
// test keeps the copy equal to core's.
func StableServer(h http.Handler, ln net.Listener) (*http.Server, net.Listener) {
	return stableServer(h, ln, progressWindow, true)
}

func stableServer(h http.Handler, ln net.Listener, window time.Duration, useLane bool) (*http.Server, net.Listener) {
	if s, ok := h.(*Server); ok && useLane && s.laneable() {
		ln = newLane(s, ln)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: laneHeaderTimeout,
		IdleTimeout:       laneIdleTimeout,
		ConnState:         releaseHijacked,
	}
	return srv, progressListener{Listener: ln, window: window, min: minProgress}
}

// writerOnly hides a writer's ReadFrom, as in core.
type writerOnly struct{ io.Writer }
