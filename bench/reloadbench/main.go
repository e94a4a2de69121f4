//go:build linux

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses args, measures every tool asked for and prints the report on
// stdout; progress goes to stderr. It returns the exit code: 0 when every
// measurement ran (whatever the figures), 1 when one failed, 2 for bad
// usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reloadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		cfg       config
		microDevs = fs.String("micro-dev", "", "path to the micro-dev binary (empty: not measured)")
		pkgs      = fs.String("micro-dev-pkgs", ".", `comma-separated fixture packages micro-dev serves, one run each ("." handler, "./main" plain main)`)
		buildLine = fs.String("micro-dev-build-re", `^↻ .* changed$`, "regexp matching the line micro-dev prints when it starts a build")
		airBin    = fs.String("air", "", "path to the air binary (empty: not measured)")
		airDelays = fs.String("air-delays", "default", `comma-separated air build delays in ms, one run each ("default": air's own, 1000)`)
		timeout   = fs.Duration("timeout", 45*time.Minute, "bound on the whole run")
		keep      = fs.Bool("keep", false, "keep the work directory (fixture copies and tool logs)")
		edit      = fs.String("edit", string(editOverwrite), `how a save writes the file: "overwrite" or "rename"`)
	)
	fs.StringVar(&cfg.repo, "repo", ".", "the micro checkout (its go.sum is copied into the fixture)")
	fs.StringVar(&cfg.fixture, "fixture", "", "fixture module (default <repo>/testdata/devapp)")
	fs.IntVar(&cfg.reloads, "n", 20, "reloads per phase (quiet, then under load)")
	fs.IntVar(&cfg.workers, "load", 4, "goroutines of the continuous client during the loaded phase (0: no loaded phase)")
	fs.IntVar(&cfg.noops, "noop", 5, "no-op saves (identical bytes)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg.edit = editMode(*edit)
	if cfg.edit != editOverwrite && cfg.edit != editRename || cfg.reloads < 1 || cfg.workers < 0 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "reloadbench: bad usage: -edit overwrite|rename, -n ≥ 1, -load ≥ 0, no arguments")
		fs.Usage()
		return 2
	}
	if cfg.fixture == "" {
		cfg.fixture = filepath.Join(cfg.repo, "testdata", "devapp")
	}
	buildRE, err := regexp.Compile(*buildLine)
	if err != nil {
		fmt.Fprintf(stderr, "reloadbench: -micro-dev-build-re: %v\n", err)
		return 2
	}
	subjects, err := subjectsFor(*microDevs, *pkgs, buildRE, *airBin, *airDelays)
	if err != nil {
		fmt.Fprintf(stderr, "reloadbench: %v\n", err)
		return 2
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	cfg.log = stderr
	cfg.env = baseEnv(os.Environ())
	if cfg.work, err = os.MkdirTemp("", "reloadbench-"); err != nil {
		fmt.Fprintf(stderr, "reloadbench: %v\n", err)
		return 1
	}
	code := 0
	defer func() {
		// The tools' logs are what explains a failed measurement.
		if *keep || code != 0 {
			fmt.Fprintf(stderr, "reloadbench: work directory %s is kept\n", cfg.work)
			return
		}
		os.RemoveAll(cfg.work)
	}()

	var results []result
	for _, s := range subjects {
		r := measure(ctx, cfg, s)
		if r.Err != nil {
			code = 1
		}
		results = append(results, r)
	}
	if !*keep && code == 0 {
		// The work directory, logs included, goes away: name no log.
		for i := range results {
			results[i].Log = ""
		}
	}
	report(stdout, cfg, results)
	return code
}

// subjectsFor lists the tool configurations the flags ask for.
func subjectsFor(microDevBin, pkgs string, buildRE *regexp.Regexp, airBin, airDelays string) ([]subject, error) {
	var out []subject
	if microDevBin != "" {
		for _, p := range splitList(pkgs) {
			out = append(out, microDev(absPath(microDevBin), p, buildRE))
		}
	}
	if airBin != "" {
		for _, d := range splitList(airDelays) {
			ms := -1
			if d != "default" {
				n, err := strconv.Atoi(d)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("-air-delays: %q is neither a number of ms nor \"default\"", d)
				}
				ms = n
			}
			out = append(out, air(absPath(airBin), ms))
		}
	}
	if len(out) == 0 {
		return nil, errNoTools
	}
	return out, nil
}

// baseEnv is the environment of every process the benchmark starts: the
// caller's, without what would steer the servers elsewhere, with no colour
// in the logs and no network for the go command.
func baseEnv(environ []string) []string {
	var env []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PORT", "MICRO_LISTEN", "MICRO_ENV", "GOPROXY", "NO_COLOR":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "NO_COLOR=1", "GOPROXY=off")
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// absPath makes a binary given as a relative path usable from the fixture
// copy, which the tools run in; a bare name is left to $PATH.
func absPath(p string) string {
	if !strings.ContainsRune(p, filepath.Separator) {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
