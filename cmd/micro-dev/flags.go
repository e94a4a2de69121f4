package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

const version = "0.1.0"

// options are micro-dev's flags, parsed once; nothing reads flags elsewhere.
type options struct {
	port    int
	host    string
	watch   []string
	ignore  []string
	poll    bool
	cold    bool
	dotenv  string
	limit   string
	silent  bool
	inject  bool
	pkg     string
	help    bool
	version bool
}

// errUsage marks a command line that could not be parsed: exit 2.
var errUsage = errors.New("usage")

func parseFlags(args []string, stderr io.Writer) (*options, *pflag.FlagSet, error) {
	o := &options{}
	fs := pflag.NewFlagSet("micro-dev", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.IntVarP(&o.port, "port", "p", 3000, "port to listen on (taken: the next free one)")
	fs.StringVarP(&o.host, "host", "H", "localhost", "host to listen on (0.0.0.0 exposes it to the network)")
	fs.StringArrayVarP(&o.watch, "watch", "w", nil, "extra path to watch (repeatable)")
	fs.StringArrayVarP(&o.ignore, "ignore", "i", nil, "glob of paths to ignore (repeatable)")
	fs.BoolVarP(&o.poll, "poll", "L", false, "poll the file system instead of using events")
	fs.BoolVarP(&o.cold, "cold", "c", false, "no hot reload: build once and serve")
	fs.StringVarP(&o.dotenv, "dotenv", "d", "", "env file for the child (default .env if present)")
	fs.StringVarP(&o.limit, "limit", "l", "1kb", "how much of a body to log")
	fs.BoolVarP(&o.silent, "silent", "s", false, "no request logs")
	fs.BoolVar(&o.inject, "inject-reload", false, "inject the live-reload client into HTML responses")
	fs.BoolVarP(&o.version, "version", "v", false, "print the version")
	fs.BoolVarP(&o.help, "help", "h", false, "print this help")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "micro-dev: %v\n\n", err)
		printUsage(stderr, fs)
		return nil, nil, errUsage
	}
	switch fs.NArg() {
	case 0:
		o.pkg = "."
	case 1:
		o.pkg = fs.Arg(0)
	default:
		fmt.Fprintf(stderr, "micro-dev: one package at a time, got %d: %v\n\n", fs.NArg(), fs.Args())
		printUsage(stderr, fs)
		return nil, nil, errUsage
	}
	if o.port < 0 || o.port > 65535 {
		return nil, nil, fmt.Errorf("--port %d is out of range: give a port from 0 to 65535", o.port)
	}
	return o, fs, nil
}

func printUsage(w io.Writer, fs *pflag.FlagSet) {
	fmt.Fprintf(w, `micro-dev %s: hot-reload development server for micro handler packages

Usage:
  micro-dev [flags] [package]     package defaults to "."

The package exports Handler (see micro) or is a main package reading PORT.
It is rebuilt on every save and served behind a stable address; compile
errors and crashes are shown as pages.

Flags:
%s`, version, fs.FlagUsages())
}
