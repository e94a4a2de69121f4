package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/runner"
)

// app is what serve works from once the command line is checked: the
// target, the child's environment and the terminal.
type app struct {
	o      *options
	ui     *ui
	stderr io.Writer
	target *runner.Target
	env    []string // the child's environment, without its address
	extra  []string // --watch paths, absolute
	limit  int64    // --limit in bytes
	hosts  *devserver.Hosts
}

// prepare checks everything that needs no resource held: the limit, the
// env file, the package and the --watch paths.
func prepare(ctx context.Context, o *options, stdout, stderr io.Writer) (*app, error) {
	limit, err := core.ParseSize(o.limit)
	if err != nil {
		return nil, fmt.Errorf("--limit %q: %w", o.limit, err)
	}
	hosts, err := devserver.NewHosts(o.host, o.allowHosts)
	if err != nil {
		return nil, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	envFile, named := ".env", false
	if o.dotenv != "" {
		envFile, named = o.dotenv, true
	}
	dotenv, err := loadDotenv(envFile, named)
	if err != nil {
		return nil, err
	}
	target, err := runner.Resolve(ctx, o.pkg)
	if err != nil {
		return nil, err
	}
	extra := make([]string, len(o.watch))
	for i, p := range o.watch {
		if extra[i], err = filepath.Abs(p); err != nil {
			return nil, err
		}
	}
	env := append(os.Environ(), dotenv...)
	env = append(env, "MICRO_ENV=development")
	return &app{
		o:      o,
		ui:     newUI(stdout, stderr, cwd, isTerminal(stdout) && os.Getenv("NO_COLOR") == ""),
		stderr: stderr,
		target: target,
		env:    env,
		extra:  extra,
		limit:  limit,
		hosts:  hosts,
	}, nil
}

// devServer wires the dev server to go build, to child processes and to
// the terminal.
func (a *app) devServer(binDir string) (*devserver.Server, error) {
	return devserver.New(devserver.Config{
		// Every request, the live-reload stream included, is checked
		// against DNS rebinding first.
		Middleware:   []func(http.Handler) http.Handler{a.hosts.Check},
		Build:        func(ctx context.Context, gen int) (string, error) { return a.build(ctx, binDir, gen) },
		Start:        a.start,
		Events:       a.ui,
		ModuleRoot:   a.target.ModuleRoot,
		Dir:          a.ui.cwd,
		InjectReload: a.o.inject,
	})
}

func (a *app) build(ctx context.Context, binDir string, gen int) (string, error) {
	bin := filepath.Join(binDir, fmt.Sprintf("app-%d", gen))
	// Development builds skip what only slows them: the symbol table and
	// DWARF (stacks keep file:line, which come from pclntab) and VCS
	// stamping, which runs git on every build.
	b := &runner.Build{Target: a.target, Output: bin, Flags: []string{"-ldflags=-s -w", "-buildvcs=false"}}
	_, err := b.Run(ctx)
	return bin, err
}

// start runs bin as the child, told where to listen.
func (a *app) start(bin, addr string) (devserver.Child, error) {
	env := append(a.env[:len(a.env):len(a.env)], "MICRO_LISTEN=tcp://"+addr, "PORT="+addr[strings.LastIndexByte(addr, ':')+1:])
	p, err := runner.Start(runner.Command{
		Path:   bin,
		Dir:    a.ui.cwd,
		Env:    env,
		Stdout: a.ui.childOut,
		Stderr: a.ui.childErr,
		Grace:  5 * time.Second,
	})
	if err != nil {
		return nil, err // not a nil *Process in a non-nil Child
	}
	return devserver.Process(p), nil
}

// handler is what the stable address serves: the dev server, with the
// request log unless -s.
func (a *app) handler(dev *devserver.Server) http.Handler {
	if a.o.silent {
		return dev
	}
	return (&reqLogger{out: a.ui.childOut, color: a.ui.tty, limit: a.limit}).wrap(dev)
}
