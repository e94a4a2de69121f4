// Command startbase is the main micro generates for testdata/hello, as a
// plain main package: bench/micro-start.sh builds it with go build as the
// baseline micro is measured against. Refresh it with
// go test ./runner -run TestBenchBaseline -update

// This program serves "github.com/seed-1b2dc2de/micro/testdata/hello.Handler" with core.Serve.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	core "github.com/seed-1b2dc2de/micro/core"
	handler "github.com/seed-1b2dc2de/micro/testdata/hello"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// listen collects the repeatable -l/--listen flag.
type listen []string

func (l *listen) String() string     { return strings.Join(*l, ",") }
func (l *listen) Set(s string) error { *l = append(*l, s); return nil }

func run(args []string) int {
	fs := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	var endpoints listen
	fs.Var(&endpoints, "l", "listen on `URI` (repeatable): tcp://host:port, unix:/path.sock, a port; default $MICRO_LISTEN, $PORT or 3000")
	fs.Var(&endpoints, "listen", "same as -l")
	timeout := fs.Duration("shutdown-timeout", 10*time.Second, "how long in-flight requests may take to finish on SIGINT/SIGTERM")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "micro: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "shutdown-timeout" {
			os.Setenv("MICRO_SHUTDOWN_TIMEOUT", timeout.String())
		}
	})
	for _, e := range endpoints {
		if _, _, err := core.ParseEndpoint(e); err != nil {
			fmt.Fprintf(os.Stderr, "micro: %v\n", err)
			return 1
		}
	}

	h, err := core.Adapt(handler.Handler)
	if err != nil {
		fmt.Fprintf(os.Stderr, "micro: %s: %v\n", "github.com/seed-1b2dc2de/micro/testdata/hello.Handler", err)
		return 1
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		cancel()
		<-signals
		fmt.Fprintln(os.Stderr, "micro: second signal, exiting at once")
		os.Exit(1)
	}()

	if err := core.Serve(ctx, h, endpoints...); err != nil {
		fmt.Fprintf(os.Stderr, "micro: %v\n", err)
		return 1
	}
	return 0
}
