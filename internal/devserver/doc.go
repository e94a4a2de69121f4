// Package devserver is micro-dev's stable address: a proxy to the current
// child program, a supervisor that rebuilds and restarts it on every change
// without dropping a request, the pages shown while the build is broken or
// the child is down, and the live-reload stream that tells browsers a new
// build serves.
//
// The effects are injected: Config.Build compiles, Config.Start starts a
// child, and Config.Events hears what happened, so the reload state machine
// runs in tests with fake builds and httptest servers as children.
//
// A Server is an http.Handler. Run drives it: call it once, in a goroutine
// of its own. To stop, end the HTTP server first (CloseStreams, then
// http.Server.Shutdown) and Run's context after, so that requests in flight
// still reach the child; Run returns once every child is stopped.
//
// The pages show source and request headers, so the address guards them:
// Config.Hosts answers only Host names that DNS
// rebinding cannot forge, micro-dev's own /__micro/ endpoints refuse other
// origins, error data never carries Access-Control-Allow-Origin, and
// StableServer bounds clients that trickle their requests.
//
// StableServer also puts the lane (lane.go) in front of http.Server: the
// plainest requests are forwarded byte for byte, and every other one is
// handed to http.Server with what the lane read replayed.
package devserver
