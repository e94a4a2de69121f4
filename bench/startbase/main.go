// Command startbase is the main micro generates for testdata/hello, as a
// plain main package: bench/micro-start.sh builds it with go build as the
// baseline micro is measured against. Refresh it with
// go test ./runner -run TestBenchBaseline -update

// This program serves "github.com/seed-1b2dc2de/micro/testdata/hello.Handler" with core.Serve.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
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

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	switch {
	case err != nil:
		return usageError(stderr, err.Error())
	case o.help:
		fmt.Fprintf(stdout, usage, filepath.Base(os.Args[0]), "github.com/seed-1b2dc2de/micro/testdata/hello.Handler")
		return 0
	case o.version:
		fmt.Fprintln(stdout, "github.com/seed-1b2dc2de/micro/testdata/hello.Handler"+", built by micro with "+runtime.Version())
		return 0
	}
	endpoints := o.endpoints
	if o.timeout != "" {
		os.Setenv("MICRO_SHUTDOWN_TIMEOUT", o.timeout)
	}
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

// options are micro's own flags. They are read by hand, as the standard
// flag package reads them (-x and --x, -x=v and -x v, a stop at "--" or
// at the first argument): the flag package alone would add some 47 KB
// to every binary.
type options struct {
	endpoints     []string
	timeout       string
	help, version bool
}

func parseArgs(args []string) (o options, err error) {
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		args = args[1:]
		name := strings.TrimPrefix(a[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return o, fmt.Errorf("bad flag syntax: %s", a)
		}
		name, value, hasValue := strings.Cut(name, "=")
		switch name {
		case "l", "listen", "shutdown-timeout":
			if !hasValue {
				if len(args) == 0 {
					return o, fmt.Errorf("flag needs an argument: -%s", name)
				}
				value, args = args[0], args[1:]
			}
			if name != "shutdown-timeout" {
				o.endpoints = append(o.endpoints, value)
				continue
			}
			d, err := time.ParseDuration(value)
			if err != nil {
				return o, fmt.Errorf("invalid value %q for flag -%s: parse error", value, name)
			}
			if d <= 0 {
				return o, fmt.Errorf("--shutdown-timeout must be positive, got %s", value)
			}
			o.timeout = d.String()
		case "h", "help", "v", "version":
			on, err := strconv.ParseBool(value)
			if !hasValue {
				on, err = true, nil
			}
			if err != nil {
				return o, fmt.Errorf("invalid boolean value %q for -%s: parse error", value, name)
			}
			if name[0] == 'h' {
				o.help = on
			} else {
				o.version = on
			}
		default:
			return o, fmt.Errorf("flag provided but not defined: -%s", name)
		}
	}
	if len(args) > 0 {
		return o, fmt.Errorf("unexpected argument %q", args[0])
	}
	return o, nil
}
