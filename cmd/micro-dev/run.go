package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/internal/tempdir"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// run is micro-dev from its arguments to its exit code: 0 after a clean
// shutdown, 1 on an error, 2 on a bad command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	switch {
	case errors.Is(err, errUsage):
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "micro-dev: %v\n", err)
		return 1
	case o.help:
		printUsage(stdout)
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

// serve takes the resources in order, each released by its one owner: the
// build directory and the listener here, the watcher by its Run.
func serve(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	a, err := prepare(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	// A folder a killed micro-dev left behind is swept here, at the next start.
	tmp, err := tempdir.New("", "micro-dev-")
	if err != nil {
		return err
	}
	defer tmp.Remove()
	binDir := tmp.Path()
	ln, port, err := listen(o.host, o.port)
	if err != nil {
		return err
	}
	defer ln.Close() // http.Server closes it too; a second Close is harmless
	if port != o.port && o.port != 0 {
		a.ui.portTaken(o.port, port)
	}
	dev, err := a.devServer(binDir)
	if err != nil {
		return err
	}
	// Last, so that no error return can leave it unreleased: from here on
	// its Run owns it.
	w, err := a.watch(ctx)
	if err != nil {
		return err
	}
	watching := 0
	if w != nil {
		watching = len(w.Files())
	}
	a.ui.env = a.envFile.String()
	a.ui.banner(o.host, port, a.target, watching)
	return a.serveUntil(ctx, dev, w, ln)
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

// serveUntil serves HTTP until ctx ends or the server fails, then shuts
// down in order: the supervisor and the watcher outlive the HTTP server so
// that requests in flight can still reach the child while it drains.
func (a *app) serveUntil(ctx context.Context, dev *devserver.Server, w *watcher.Watcher, ln net.Listener) error {
	bg, stopBG := context.WithCancel(context.Background())
	defer stopBG()
	var changes <-chan watcher.Change
	watchDone := make(chan error, 1)
	if w != nil {
		changes = w.Changes()
		if a.pre != nil {
			changes = a.pre.skipOwnWrites(bg, changes)
		}
		changes = a.envChanges(bg, changes, dev)
		go func() { watchDone <- w.Run(bg) }()
	} else {
		watchDone <- nil
	}
	supDone := make(chan struct{})
	go func() { dev.Run(bg, changes); close(supDone) }()

	// Slow clients are bounded (headers, trickled bodies, idle
	// connections); long uploads and streams are not.
	srv, sln := devserver.StableServer(a.handler(dev), ln)
	srvDone := make(chan error, 1)
	go func() { srvDone <- srv.Serve(sln) }()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-srvDone:
	}
	a.ui.printf("\nmicro-dev: shutting down\n")
	dev.CloseStreams()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(sctx)
	cancel()
	// What Shutdown left running is a stream of the program that never
	// ends (server-sent events): cut it, or the child's drain waits for it.
	_ = srv.Close()
	stopBG()
	<-supDone
	if err := <-watchDone; err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(a.stderr, "micro-dev: watcher: %v\n", err)
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// watch starts watching the package's files, unless --cold.
func (a *app) watch(ctx context.Context) (*watcher.Watcher, error) {
	if a.o.cold {
		return nil, nil
	}
	w, err := watcher.New(ctx, watcher.Config{
		Dir:        a.target.ModuleRoot,
		Packages:   []string{a.target.ImportPath},
		Extra:      a.extra,
		Ignore:     a.o.ignore,
		Poll:       a.o.poll,
		BuildFlags: listFlags(a.o),
	})
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", a.o.pkg, err)
	}
	if a.pre != nil {
		a.pre.w = w
	}
	return w, nil
}
