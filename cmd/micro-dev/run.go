package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/seed-1b2dc2de/micro/core"
	"github.com/seed-1b2dc2de/micro/internal/tempdir"
	"github.com/seed-1b2dc2de/micro/runner"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// run is micro-dev from its arguments to its exit code: 0 after a clean
// shutdown, 1 on an error, 2 on a bad command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, fs, err := parseFlags(args, stderr)
	switch {
	case errors.Is(err, errUsage):
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "micro-dev: %v\n", err)
		return 1
	case o.help:
		printUsage(stdout, fs)
		return 0
	case o.version:
		fmt.Fprintf(stdout, "micro-dev %s\n", version)
		return 0
	}
	if err := serve(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "micro-dev: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	limit, err := core.ParseSize(o.limit)
	if err != nil {
		return fmt.Errorf("--limit %q: %w", o.limit, err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	envFile, named := ".env", false
	if o.dotenv != "" {
		envFile, named = o.dotenv, true
	}
	dotenv, err := loadDotenv(envFile, named)
	if err != nil {
		return err
	}
	target, err := runner.Resolve(ctx, o.pkg)
	if err != nil {
		return err
	}
	u := newUI(stdout, stderr, cwd, isTerminal(stdout) && os.Getenv("NO_COLOR") == "")

	ln, port, err := listen(o.host, o.port)
	if err != nil {
		return err
	}
	if port != o.port && o.port != 0 {
		u.portTaken(o.port, port)
	}

	extra := make([]string, len(o.watch))
	for i, p := range o.watch {
		if extra[i], err = filepath.Abs(p); err != nil {
			return err
		}
	}
	var w *watcher.Watcher
	if !o.cold {
		w, err = watcher.New(ctx, watcher.Config{
			Dir:      target.ModuleRoot,
			Packages: []string{target.ImportPath},
			Extra:    extra,
			Ignore:   o.ignore,
			Poll:     o.poll,
		})
		if err != nil {
			ln.Close()
			return fmt.Errorf("cannot watch %s: %w", o.pkg, err)
		}
	}
	tmp, err := tempdir.New("", "micro-dev-")
	if err != nil {
		ln.Close()
		return err
	}
	defer tmp.Remove()
	binDir := tmp.Path()

	env := append(os.Environ(), dotenv...)
	env = append(env, "MICRO_ENV=development", "MICRO_LIVERELOAD="+reloadPath)
	dev := newDevServer(target, o.inject)
	var handler http.Handler = dev
	if !o.silent {
		handler = (&reqLogger{out: u.childOut, color: u.tty, limit: limit}).wrap(dev)
	}
	watching := 0
	if w != nil {
		watching = len(w.Files())
	}
	u.banner(o.host, port, target, watching)

	// The supervisor and the watcher outlive the HTTP server on shutdown so
	// that requests in flight can still reach the child while it drains.
	bg, stopBG := context.WithCancel(context.Background())
	defer stopBG()
	sup := newSupervisor(dev, u, env, binDir)
	var changes <-chan watcher.Change
	watchDone := make(chan error, 1)
	if w != nil {
		changes = w.Changes()
		go func() { watchDone <- w.Run(bg) }()
	} else {
		watchDone <- nil
	}
	supDone := make(chan struct{})
	go func() { sup.run(bg, changes); close(supDone) }()

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	srvDone := make(chan error, 1)
	go func() { srvDone <- srv.Serve(ln) }()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-srvDone:
	}
	u.printf("\nmicro-dev: shutting down\n")
	dev.events.close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(sctx)
	cancel()
	stopBG()
	<-supDone
	if err := <-watchDone; err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "micro-dev: watcher: %v\n", err)
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return nil
}

// listen binds the stable address. A port that is taken moves on to the
// next, as micro-dev does, rather than failing the way air does.
func listen(host string, port int) (net.Listener, int, error) {
	var last error
	for p := port; p <= 65535 && p < port+100; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err == nil {
			return ln, ln.Addr().(*net.TCPAddr).Port, nil
		}
		last = err
		if !errors.Is(err, syscall.EADDRINUSE) || port == 0 {
			break
		}
	}
	return nil, 0, fmt.Errorf("cannot listen on %s: %w (give another --port or --host)", net.JoinHostPort(host, strconv.Itoa(port)), last)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
