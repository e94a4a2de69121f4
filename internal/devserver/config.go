package devserver

import (
	"context"
	"net/http"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

// Child is one running program, as Config.Start returns it.
// Process adapts a *runner.Process.
type Child interface {
	// Done is closed once the program has exited and been reaped.
	Done() <-chan struct{}
	// ExitStatus says how it exited ("exit status 2"); empty while it runs.
	ExitStatus() string
	// Tail is the last lines it printed.
	Tail() []string
	// WaitReady returns nil once address accepts connections, an error if
	// the program exits first, ctx.Err() when ctx ends.
	WaitReady(ctx context.Context, network, address string) error
	// Stop ends the program and returns once it is reaped.
	Stop() error
}

// Events hears what the supervisor does, for the terminal. Its methods are
// called from the supervisor's goroutine, one at a time, and should not
// block for long.
type Events interface {
	// Building: a build starts; changed is nil for the first one.
	Building(changed []string)
	// BuildFailed: the build of the newest change failed.
	BuildFailed(err error, took time.Duration)
	// Served: a new child accepts connections and serves.
	Served(changed []string, build, start time.Duration)
	// Crashed: a child exited or could not start; status says how.
	Crashed(status string)
}

// Config is what a Server needs. Build and Start are required.
type Config struct {
	// Build compiles generation gen and returns the executable's path. It
	// must return when ctx ends (a newer change cancels the build). The
	// Server removes the executable once it is done with it.
	Build func(ctx context.Context, gen int) (bin string, err error)
	// Start starts bin so that it listens on addr (host:port, loopback).
	Start func(bin, addr string) (Child, error)
	// Events hears builds, reloads and crashes; nil: nobody.
	Events Events

	// ModuleRoot is the user's module, for the pages' source excerpts; Dir
	// is where paths are shown relative to (the working directory).
	ModuleRoot, Dir string

	// InjectReload adds the live-reload client to the program's own HTML.
	InjectReload bool
	// ModifyResponse hooks run on every proxied response, in order, after
	// the live-reload injection. An error fails the request with a 502.
	ModifyResponse []func(*http.Response) error
	// Hosts, when set, refuses every request whose Host it does not allow
	// (Hosts.Check), before anything else; nil: any Host is answered.
	Hosts *Hosts
	// Middleware wraps the router, first outermost, inside the Hosts
	// check: it sees every request before the Server routes it, the
	// live-reload stream included. With Middleware or ModifyResponse set,
	// StableServer serves every request through http.Server (see lane.go).
	Middleware []func(http.Handler) http.Handler

	// Hold is how long a request waits for a build in progress before it
	// gets a 503 page (default 2m: a cold first build compiles the
	// standard library).
	Hold time.Duration
	// ReadyTimeout is how long a new child has to accept connections
	// (default 30s).
	ReadyTimeout time.Duration
	// Drain is how long an old child may finish its requests before it is
	// stopped anyway (default 10s).
	Drain time.Duration

	// Addr, when set, is the host:port every child listens on, for
	// programs that pick their own port; it implies Sequential. Empty: each
	// child gets a free loopback port.
	Addr string
	// Sequential keeps children from overlapping: after a build, requests
	// are held while the old child drains and is stopped, then the new one
	// starts. For a fixed port, or a debugger's. The old child's requests
	// get at most 2s (or Drain, if shorter) to finish.
	Sequential bool
	// OwnPorts are ports a child's processes may listen on besides its
	// address (a debugger's), not taken for a program on a fixed port.
	OwnPorts []int
}

type nopEvents struct{}

func (nopEvents) Building([]string)                             {}
func (nopEvents) BuildFailed(error, time.Duration)              {}
func (nopEvents) Served([]string, time.Duration, time.Duration) {}
func (nopEvents) Crashed(string)                                {}

// Process is p as a Child: the program of a real micro-dev.
func Process(p *runner.Process) Child { return processChild{p} }

type processChild struct{ *runner.Process }

// ListeningPorts is the TCP ports p's process tree listens on.
func (c processChild) ListeningPorts() ([]int, error) { return treePorts(c.Pid()) }

// ExitStatus is p's typed status as the pages and the terminal show it.
func (c processChild) ExitStatus() string {
	if st := c.Status(); st.Ended() {
		return st.String()
	}
	return ""
}
