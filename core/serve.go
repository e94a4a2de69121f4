package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"
)

// Serve serves h on every endpoint (see ParseEndpoint) until ctx ends. With
// no endpoints it serves those of the environment variable MICRO_LISTEN
// (comma-separated), else 0.0.0.0:$PORT, else tcp://0.0.0.0:3000.
//
// It logs "micro: Accepting connections on <url>" to stderr for each
// listener, with the address it got (so port 0 works). When ctx ends it
// logs "micro: Gracefully shutting down. Please wait...", stops accepting,
// waits for requests in flight to finish, at most 10s or the Go duration
// in MICRO_SHUTDOWN_TIMEOUT, and returns nil.
//
// Connections have a 10s limit to send their request headers and a 120s
// idle limit between requests. A request body must keep coming, at least
// 1 KB in every 30s the server waits for it, so a client that trickles
// one is cut off while long uploads go on; a handler that expects a
// slower body sets its own read deadline with http.ResponseController.
// There is no write timeout, so streamed responses can take as long as
// they need. An endpoint that cannot be listened on, or a server that
// fails, is an error.
//
//	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	if err := core.Serve(ctx, core.Func(handler), "tcp://localhost:3000"); err != nil {
//		log.Fatal(err)
//	}
func Serve(ctx context.Context, h http.Handler, endpoints ...string) error {
	return serve(ctx, h, endpoints, serveConfig{
		log:               os.Stderr,
		getenv:            os.Getenv,
		readHeaderTimeout: 10 * time.Second,
		idleTimeout:       120 * time.Second,
		progressWindow:    progressWindow,
		minProgress:       minProgress,
	})
}

// serveConfig is what Serve takes from the process, so that tests can
// give their own.
type serveConfig struct {
	log               io.Writer
	getenv            func(string) string
	readHeaderTimeout time.Duration
	idleTimeout       time.Duration
	// A request body must bring minProgress bytes per progressWindow
	// (see progressConn); a zero window turns the check off.
	progressWindow time.Duration
	minProgress    int
}

// defaultShutdownTimeout bounds the drain when MICRO_SHUTDOWN_TIMEOUT is unset.
const defaultShutdownTimeout = 10 * time.Second

func serve(ctx context.Context, h http.Handler, endpoints []string, cfg serveConfig) error {
	if h == nil {
		return errNilHandler
	}
	drain, err := shutdownTimeout(cfg.getenv)
	if err != nil {
		return err
	}
	eps, lns, err := listenAll(defaultEndpoints(endpoints, cfg.getenv), cfg)
	if err != nil {
		return err
	}

	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.readHeaderTimeout,
		IdleTimeout:       cfg.idleTimeout,
		ErrorLog:          log.New(cfg.log, "micro: ", 0),
		ConnState:         releaseHijacked,
		// Requests keep ctx's values but not its end: ending ctx starts a
		// drain, which must let requests in flight finish.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, len(lns))
	for i, ln := range lns {
		fmt.Fprintf(cfg.log, "micro: Accepting connections on %s\n", listenURL(ln, eps[i].address))
		go func() { errc <- srv.Serve(ln) }()
	}

	var serveErr error
	running := len(lns)
	select {
	case <-ctx.Done():
	case err := <-errc:
		running--
		serveErr = fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(cfg.log, "micro: Gracefully shutting down. Please wait...")
	sctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(cfg.log, "micro: requests still running after %s, closing their connections\n", drain)
		_ = srv.Close()
	}
	for ; running > 0; running-- {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
			serveErr = fmt.Errorf("serve: %w", err)
		}
	}
	return serveErr
}

// shutdownTimeout is how long the drain may take: MICRO_SHUTDOWN_TIMEOUT,
// else the default.
func shutdownTimeout(getenv func(string) string) (time.Duration, error) {
	s := getenv("MICRO_SHUTDOWN_TIMEOUT")
	if s == "" {
		return defaultShutdownTimeout, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid MICRO_SHUTDOWN_TIMEOUT %q: want a duration such as 10s or 1m30s", s)
	}
	return d, nil
}

// endpoint is an endpoint as given, and where it listens.
type endpoint struct{ spec, network, address string }

// listenAll parses every endpoint, then listens on each; on an error
// nothing is left listening.
func listenAll(specs []string, cfg serveConfig) ([]endpoint, []net.Listener, error) {
	eps := make([]endpoint, 0, len(specs))
	for _, spec := range specs {
		network, address, err := ParseEndpoint(spec)
		if err != nil {
			return nil, nil, err
		}
		eps = append(eps, endpoint{spec, network, address})
	}
	lns := make([]net.Listener, 0, len(eps))
	for _, ep := range eps {
		ln, err := listen(ep.network, ep.address)
		if err != nil {
			for _, ln := range lns {
				_ = ln.Close()
			}
			hint := "choose another endpoint"
			if errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, errSocketInUse) {
				hint = "stop what is using it or choose another endpoint"
			}
			return nil, nil, fmt.Errorf("cannot accept connections on %s: %w: %s", ep.spec, err, hint)
		}
		if cfg.progressWindow > 0 {
			ln = progressListener{Listener: ln, window: cfg.progressWindow, min: cfg.minProgress}
		}
		lns = append(lns, ln)
	}
	return eps, lns, nil
}

// defaultEndpoints applies MICRO_LISTEN, then PORT, when none are given.
func defaultEndpoints(endpoints []string, getenv func(string) string) []string {
	if len(endpoints) > 0 {
		return endpoints
	}
	if v := getenv("MICRO_LISTEN"); strings.TrimSpace(v) != "" {
		var eps []string
		for e := range strings.SplitSeq(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				eps = append(eps, e)
			}
		}
		return eps
	}
	if port := strings.TrimSpace(getenv("PORT")); port != "" {
		return []string{"0.0.0.0:" + port}
	}
	return []string{"tcp://0.0.0.0:" + defaultPort}
}
