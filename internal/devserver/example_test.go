package devserver_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/runner"
)

// A Server wired to go build and to child processes, as micro-dev does.
// Run owns the children; serve HTTP until it returns.
func Example() {
	target, err := runner.Resolve(context.Background(), ".")
	if err != nil {
		return
	}
	dir, err := os.MkdirTemp("", "example-")
	if err != nil {
		return
	}
	defer os.RemoveAll(dir)
	s, err := devserver.New(devserver.Config{
		Build: func(ctx context.Context, gen int) (string, error) {
			bin := filepath.Join(dir, "app-"+strconv.Itoa(gen))
			_, err := (&runner.Build{Target: target, Output: bin}).Run(ctx)
			return bin, err
		},
		Start: func(bin, addr string) (devserver.Child, error) {
			p, err := runner.Start(runner.Command{Path: bin, Env: append(os.Environ(), "MICRO_LISTEN=tcp://"+addr)})
			if err != nil {
				return nil, err
			}
			return devserver.Process(p), nil
		},
		ModuleRoot: target.ModuleRoot,
	})
	if err != nil {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { s.Run(ctx, nil); close(ran) }() // nil: no watcher, build once
	srv := &http.Server{Addr: "localhost:3000", Handler: s}
	go func() { _ = srv.ListenAndServe() }()

	// ... until it is time to stop:
	s.CloseStreams()
	_ = srv.Shutdown(context.Background())
	stop()
	<-ran
}
