package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/pflag"
)

const version = "0.2.0"

// options are micro-dev's flags, parsed once; nothing reads flags elsewhere.
type options struct {
	port       int
	host       string
	watch      []string
	ignore     []string
	poll       bool
	cold       bool
	dotenv     string
	limit      string
	silent     bool
	before     []string
	tags       string
	race       bool
	optimize   bool
	debug      bool
	debugPort  string
	appPort    int
	inject     bool
	allowHosts []string
	pkg        string
	args       []string // after --: the program's own arguments
	help       bool
	version    bool
}

// errUsage marks a command line that could not be parsed: exit 2.
var errUsage = errors.New("usage")

// usage is the flag table as the README and the contract show it: pflag's
// own listing adds "[=true|false]" to every boolean and types to the rest.
const usage = `micro-dev %s: hot-reload development server for micro handler packages

Usage:
  micro-dev [flags] [package] [-- args...]

The package (default ".") exports Handler (see micro) or is a main package
reading PORT or MICRO_LISTEN. It is rebuilt on every save and served behind a
stable address; compile errors and crashes are shown as pages. Arguments
after -- reach the program on every restart.

Flags:
  -p, --port N          port to listen on (default 3000; taken: the next free one)
  -H, --host NAME       host to listen on (default localhost; 0.0.0.0 exposes it)
  -w, --watch PATH      extra path to watch (repeatable)
  -i, --ignore GLOB     path.Match glob of paths to ignore (repeatable)
  -L, --poll            poll the file system instead of using events
  -c, --cold            no hot reload: build once and serve
  -d, --dotenv FILE     env file for the program (default .env if present)
  -l, --limit SIZE      how much of a body to log (default 1kb; 0: no bodies)
  -s, --silent          no request logs
  -b, --before CMD      shell command run in the module root before every
                        build (repeatable, in order)
      --tags LIST       build tags, as go build -tags (GOFLAGS applies too)
      --race            build with the race detector
      --optimize        build as production (default: the module's own
                        packages unoptimised, which builds faster)
      --debug           build for debugging and run under Delve, headless
      --debug-port ADDR Delve's address, the same across reloads (default 2345)
      --app-port N      the program listens on N, ignoring MICRO_LISTEN/PORT
      --inject-reload   add the live-reload client to the program's HTML
      --allow-host NAME accept this Host too (repeatable)
  -v, --version         print the version
  -h, --help            print this help
`

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := pflag.NewFlagSet("micro-dev", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.IntVarP(&o.port, "port", "p", 3000, "")
	fs.StringVarP(&o.host, "host", "H", "localhost", "")
	fs.StringArrayVarP(&o.watch, "watch", "w", nil, "")
	fs.StringArrayVarP(&o.ignore, "ignore", "i", nil, "")
	fs.BoolVarP(&o.poll, "poll", "L", false, "")
	fs.BoolVarP(&o.cold, "cold", "c", false, "")
	fs.StringVarP(&o.dotenv, "dotenv", "d", "", "")
	fs.StringVarP(&o.limit, "limit", "l", "1kb", "")
	fs.BoolVarP(&o.silent, "silent", "s", false, "")
	fs.StringArrayVarP(&o.before, "before", "b", nil, "")
	fs.StringVar(&o.tags, "tags", "", "")
	fs.BoolVar(&o.race, "race", false, "")
	fs.BoolVar(&o.optimize, "optimize", false, "")
	fs.BoolVar(&o.debug, "debug", false, "")
	fs.StringVar(&o.debugPort, "debug-port", "2345", "")
	fs.IntVar(&o.appPort, "app-port", 0, "")
	fs.BoolVar(&o.inject, "inject-reload", false, "")
	fs.StringArrayVar(&o.allowHosts, "allow-host", nil, "")
	fs.BoolVarP(&o.version, "version", "v", false, "")
	fs.BoolVarP(&o.help, "help", "h", false, "")
	if err := fs.Parse(args); err != nil {
		return nil, usageError(stderr, "%v", err)
	}
	pos := fs.Args()
	if at := fs.ArgsLenAtDash(); at >= 0 {
		pos, o.args = pos[:at], pos[at:]
	}
	switch len(pos) {
	case 0:
		o.pkg = "."
	case 1:
		o.pkg = pos[0]
	default:
		return nil, usageError(stderr, "one package at a time, got %d: %v (arguments for the program go after --)", len(pos), pos)
	}
	if listenLike(o.limit) {
		return nil, usageError(stderr, "-l is --limit here (how much of a body to log), not --listen: give the port with -p, e.g. micro-dev -p %s (a size takes a unit: -l 4kb)", portOf(o.limit))
	}
	if o.port < 0 || o.port > 65535 {
		return nil, fmt.Errorf("--port %d is out of range: give a port from 0 to 65535", o.port)
	}
	if o.appPort < 0 || o.appPort > 65535 {
		return nil, fmt.Errorf("--app-port %d is out of range: give a port from 1 to 65535", o.appPort)
	}
	return o, nil
}

func usageError(stderr io.Writer, format string, a ...any) error {
	fmt.Fprintf(stderr, "micro-dev: "+format+"\n\n", a...)
	printUsage(stderr)
	return errUsage
}

// listenLike tells a --limit that is really micro's --listen: a port
// (8080, :8080) or an endpoint (tcp://…, unix:…, host:port). A size with a
// unit (1kb) or of up to three digits (0, 512) is not one; four or five
// bare digits are taken for a port, since that is what micro users type,
// and the message says to give a size a unit.
var listenRe = regexp.MustCompile(`^(?i:(tcp|unix|pipe):.*|[\w.\-\[\]:]*:\d+|\d{4,5})$`)

func listenLike(s string) bool { return listenRe.MatchString(s) }

func portOf(s string) string {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func printUsage(w io.Writer) { fmt.Fprintf(w, usage, version) }
