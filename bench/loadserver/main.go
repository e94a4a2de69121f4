// Command loadserver serves one of the load benchmark's handlers, through
// core.Serve or through a plain net/http server, on a loopback address. It
// is built and run by bench/load.sh.
//
//	loadserver -server core|plain -app hello|echo [-addr 127.0.0.1:0]
//
// It prints "micro: Accepting connections on http://<addr>" to stderr once
// it accepts connections (core.Serve's line; the plain server prints the
// same) and stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
	"github.com/seed-1b2dc2de/micro/testdata/echo"
	"github.com/seed-1b2dc2de/micro/testdata/hello"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "loadserver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("loadserver", flag.ContinueOnError)
	server := fs.String("server", "core", "core (core.Serve and the fixture) or plain (net/http)")
	app := fs.String("app", "hello", "hello or echo")
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *server + "/" + *app {
	case "core/hello":
		return core.Serve(ctx, hello.Handler, *addr)
	case "core/echo":
		return core.Serve(ctx, core.Func(echo.Handler), *addr)
	case "plain/hello":
		return servePlain(ctx, *addr, http.HandlerFunc(plainHello))
	case "plain/echo":
		return servePlain(ctx, *addr, http.HandlerFunc(plainEcho))
	}
	return fmt.Errorf("unknown -server %q or -app %q: want core or plain, hello or echo", *server, *app)
}

// plainHello is the hello fixture written with net/http alone.
func plainHello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "Welcome to Micro")
}

// plainEcho is the echo fixture written with net/http alone, with the same
// 1mb limit.
func plainEcho(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "Invalid body", http.StatusBadRequest)
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		http.Error(w, "Invalid JSON", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

// servePlain is the plain net/http server, with the same timeouts as core.Serve.
func servePlain(ctx context.Context, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(os.Stderr, "micro: Accepting connections on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
