// Command startbase is the main micro generates for testdata/hello, as a
// plain main package: bench/micro-start.sh builds it with go build as the
// baseline micro is measured against. Refresh it with
// go test ./runner -run TestBenchBaseline -update

// This program serves "github.com/seed-1b2dc2de/micro/testdata/hello.Handler" with core.Serve.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	core "github.com/seed-1b2dc2de/micro/core"
	handler "github.com/seed-1b2dc2de/micro/testdata/hello"
)

const usage = `Usage:
  %[1]s [-l URI]... [--shutdown-timeout D]

Serves %[2]s
over HTTP: a program built by micro, with micro's options.

Options:
  -l, --listen URI            listen on URI; repeat to listen on several:
                                tcp://host:port, tcp://host (port 3000),
                                unix:/path/to.sock, 3000, :3000, host:port
                              default: $MICRO_LISTEN, else 0.0.0.0:$PORT,
                              else tcp://0.0.0.0:3000
      --shutdown-timeout D    on SIGINT/SIGTERM, how long in-flight requests
                              may take to finish (default 10s, or
                              $MICRO_SHUTDOWN_TIMEOUT); a second signal
                              stops at once
  -h, --help                  show this help
  -v, --version               show the versions it was built with
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// listen collects the repeatable -l/--listen flag.
type listen []string

func (l *listen) String() string     { return strings.Join(*l, ",") }
func (l *listen) Set(s string) error { *l = append(*l, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var endpoints listen
	var help, version bool
	fs.Var(&endpoints, "l", "")
	fs.Var(&endpoints, "listen", "")
	timeout := fs.Duration("shutdown-timeout", 10*time.Second, "")
	fs.BoolVar(&help, "h", false, "")
	fs.BoolVar(&help, "help", false, "")
	fs.BoolVar(&version, "v", false, "")
	fs.BoolVar(&version, "version", false, "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, err.Error())
	}
	switch {
	case help:
		fmt.Fprintf(stdout, usage, filepath.Base(os.Args[0]), "github.com/seed-1b2dc2de/micro/testdata/hello.Handler")
		return 0
	case version:
		fmt.Fprintln(stdout, versions())
		return 0
	case fs.NArg() > 0:
		return usageError(stderr, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case *timeout <= 0:
		return usageError(stderr, fmt.Sprintf("--shutdown-timeout must be positive, got %s", *timeout))
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "shutdown-timeout" {
			os.Setenv("MICRO_SHUTDOWN_TIMEOUT", timeout.String())
		}
	})
	for _, e := range endpoints {
		if _, _, err := core.ParseEndpoint(e); err != nil {
			fmt.Fprintf(stderr, "micro: %v\n", err)
			return 1
		}
	}

	h, err := core.Adapt(handler.Handler)
	if err != nil {
		fmt.Fprintf(stderr, "micro: %s: %v\n", "github.com/seed-1b2dc2de/micro/testdata/hello.Handler", err)
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
		fmt.Fprintln(stderr, "micro: second signal, exiting at once")
		os.Exit(1)
	}()

	if err := core.Serve(ctx, h, endpoints...); err != nil {
		fmt.Fprintf(stderr, "micro: %v\n", err)
		return 1
	}
	return 0
}

// usageError reports a command-line mistake: the reason, then the usage.
func usageError(stderr io.Writer, reason string) int {
	fmt.Fprintf(stderr, "micro: %s\n\n", reason)
	fmt.Fprintf(stderr, usage, filepath.Base(os.Args[0]), "github.com/seed-1b2dc2de/micro/testdata/hello.Handler")
	return 2
}

// versions says what the program was built from: the handler, its
// module's version and micro's, and Go's. (The main is given to go build as
// a file, so the build info has no main module: both are dependencies.)
func versions() string {
	v := "github.com/seed-1b2dc2de/micro/testdata/hello.Handler"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if strings.HasPrefix("github.com/seed-1b2dc2de/micro/testdata/hello"+"/", m.Path+"/") {
				v += ", " + m.Path + " " + m.Version
			}
		}
		for _, m := range info.Deps {
			if m.Path == "github.com/seed-1b2dc2de/micro" {
				v += ", micro " + m.Version
			}
		}
	}
	return v + ", " + runtime.Version()
}
