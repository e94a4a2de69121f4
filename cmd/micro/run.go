package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/tempdir"
	"github.com/seed-1b2dc2de/micro/runner"
)

// stopMargin is how long, past --shutdown-timeout, the child has to exit
// after SIGTERM before it is killed: its drain is bounded by the same
// timeout, so only a child that ignores SIGTERM ever needs the margin.
const stopMargin = 3 * time.Second

// run is micro: it dispatches `micro build` and otherwise serves. It returns
// the exit status. Cancelling ctx acts as a first SIGINT.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "build" {
		return runBuild(ctx, args[1:], stdout, stderr)
	}
	return serve(ctx, args, stdout, stderr)
}

// serve builds the package and runs it until it exits or a signal stops it.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, code, done := parseServe(args, stdout, stderr)
	if done {
		return code
	}

	// Signals are caught from here on: one during the build cancels it, one
	// while serving drains the child, a second kills it.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)

	t, err := runner.Resolve(ctx, o.pkg)
	if err != nil {
		return report(stderr, err)
	}
	// A folder a killed micro left behind is swept at the next start.
	dir, err := tempdir.New("", "micro-run-")
	if err != nil {
		return report(stderr, fmt.Errorf("create a temporary directory: %w", err))
	}
	defer dir.Remove()
	bin := filepath.Join(dir.Path(), t.Name)
	if t.Name == "main" {
		bin = filepath.Join(dir.Path(), filepath.Base(t.Dir))
	}

	bctx, stopWatch := cancelOnSignal(ctx, signals)
	_, err = (&runner.Build{Target: t, Output: bin}).Run(bctx)
	interrupted := bctx.Err() != nil
	stopWatch()
	if interrupted {
		fmt.Fprintln(stderr, "micro: interrupted before the server started")
		return 1
	}
	if err != nil {
		return report(stderr, err)
	}

	cwd, _ := os.Getwd()
	p, err := runner.Start(runner.Command{
		Path:   bin,
		Dir:    cwd,
		Env:    childEnv(os.Environ(), o.endpoints, o.timeout),
		Stdout: stdout,
		Stderr: stderr,
		Grace:  o.timeout + stopMargin,
	})
	if err != nil {
		return report(stderr, fmt.Errorf("start the server: %w", err))
	}
	defer func() {
		if !p.Exited() {
			_ = p.Kill()
		}
	}()
	return supervise(ctx, signals, p, t, o.timeout+stopMargin, stderr)
}

// serveOptions are micro's flags and argument.
type serveOptions struct {
	pkg       string
	endpoints []string
	timeout   time.Duration
}

// parseServe reads micro's flags. done is set when micro ends here, with
// code: after the usage or the version, or on a bad flag or endpoint.
func parseServe(args []string, stdout, stderr io.Writer) (o serveOptions, code int, done bool) {
	fs := newFlags("micro")
	listen := fs.StringArrayP("listen", "l", nil, "")
	timeout := fs.Duration("shutdown-timeout", 10*time.Second, "")
	help := fs.BoolP("help", "h", false, "")
	showVersion := fs.BoolP("version", "v", false, "")
	if err := fs.Parse(args); err != nil {
		return o, usageError(stderr, err), true
	}
	switch {
	case *help:
		printUsage(stdout)
		return o, 0, true
	case *showVersion:
		fmt.Fprintln(stdout, versionString())
		return o, 0, true
	case fs.NArg() > 1:
		return o, usageError(stderr, fmt.Errorf("micro serves one package, got %d: %v", fs.NArg(), fs.Args())), true
	}
	if err := checkTimeout(*timeout); err != nil {
		return o, usageError(stderr, err), true
	}
	eps, err := endpoints(*listen, os.Getenv)
	if err != nil {
		return o, report(stderr, err), true
	}
	return serveOptions{pkg: fs.Arg(0), endpoints: eps, timeout: *timeout}, 0, false
}

// cancelOnSignal returns a context cancelled by the first signal, and a
// stop that ends the watch (and returns once it has ended).
func cancelOnSignal(ctx context.Context, signals <-chan os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		select {
		case <-signals:
			cancel()
		case <-done:
		}
	}()
	return ctx, func() {
		close(done)
		<-ended
		cancel()
	}
}

// supervise waits for the child to exit or for a signal (or ctx) asking it
// to stop: the child's group then gets SIGTERM and up to the grace period
// (the one it was started with) to exit; a second signal, or the end of the grace
// period, kills the group. It returns micro's exit status.
func supervise(ctx context.Context, signals <-chan os.Signal, p *runner.Process, t *runner.Target, grace time.Duration, stderr io.Writer) int {
	select {
	case <-p.Done():
		return exited(p, t, stderr)
	case <-signals:
	case <-ctx.Done():
	}
	if t.Main {
		// A generated main says so itself, through core.Serve.
		fmt.Fprintln(stderr, "micro: Gracefully shutting down. Please wait...")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- p.Stop() }()
	var err error
	select {
	case err = <-stopped:
	case <-signals:
		fmt.Fprintln(stderr, "micro: second signal: stopping the server at once")
		if err := p.Kill(); err != nil {
			fmt.Fprintf(stderr, "micro: kill the server: %v\n", err)
		}
		<-stopped
		return 1
	}
	switch st := p.Status(); {
	case errors.Is(err, runner.ErrKilled):
		fmt.Fprintf(stderr, "micro: the server did not stop within %s of SIGTERM: killed it\n", grace)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "micro: stop the server: %v\n", err)
		return 1
	case st.Success(), st.Signal() == syscall.SIGTERM:
		return 0
	}
	return exited(p, t, stderr)
}

// exited reports a child that ended on its own and returns micro's exit
// status. A generated main that fails has already said why in a "micro:"
// line and exits 1; anything else gets its exit status said.
func exited(p *runner.Process, t *runner.Target, stderr io.Writer) int {
	code := p.Status().Code()
	switch {
	case code == 0:
		return 0
	case code == 1 && !t.Main:
		return 1
	}
	fmt.Fprintf(stderr, "micro: %s exited: %s\n", t.Pattern, p.Status())
	return 1
}
