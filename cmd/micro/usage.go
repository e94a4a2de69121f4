package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/pflag"
)

// version is micro's release; a build from a tagged module adds its
// version after it.
const version = "0.1.0"

const usage = `Usage:
  micro [-l URI]... [--shutdown-timeout D] [package]
  micro build [-o FILE] [package]

micro serves a Go package that exports Handler (a core.Func, a
func(w, r) (any, error), an http.HandlerFunc, a func(w, r) or an
http.Handler) over HTTP: it generates the main, builds it with your module
(nothing is written into your tree) and runs it. A main package is built and
run as is, with MICRO_LISTEN and PORT set. The package defaults to ".".

Options:
  -l, --listen URI            listen on URI; repeat to listen on several:
                                tcp://host:port, tcp://host (port 3000),
                                unix:/path/to.sock, 3000, :3000, host:port
                              default: $MICRO_LISTEN, else 0.0.0.0:$PORT,
                              else tcp://0.0.0.0:3000
      --shutdown-timeout D    on SIGINT/SIGTERM, how long in-flight requests
                              may take to finish (default 10s); a second
                              signal stops at once
  -h, --help                  show this help
  -v, --version               show micro's version

micro build writes a static binary (CGO_ENABLED=0, -trimpath) that serves
the package the same way and takes the same flags (-l, --shutdown-timeout,
-h, -v; MICRO_LISTEN, PORT):
  -o, --output FILE           where to write it, as go build -o: a file,
                              or a folder (existing, or ending in /) that
                              gets the default name; missing folders are
                              created (default: the last element of the
                              package's import path, in this directory)

Examples:
  micro                       serve the package in this directory on :3000
  micro -l tcp://127.0.0.1:8080 -l unix:/tmp/api.sock ./api
  micro build -o bin/api ./api
`

// printUsage writes the help text.
func printUsage(w io.Writer) {
	io.WriteString(w, usage)
}

// versionString is what -v prints.
func versionString() string {
	v := "micro " + version
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v += " (module " + info.Main.Version + ")"
	}
	return v + " " + runtime.Version()
}

// newFlags returns a flag set that reports errors to the caller instead of
// printing them or exiting.
func newFlags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// usageError reports a command-line mistake: the reason, then the usage, on
// stderr. It returns exit status 2.
func usageError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "micro: %v\n\n", err)
	printUsage(stderr)
	return 2
}
