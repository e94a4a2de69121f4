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
	o       *options
	ui      *ui
	stderr  io.Writer
	target  *runner.Target
	env     []string // the child's environment, without its address and env file
	envFile *envFile
	dlv     string   // --debug: Delve's path
	extra   []string // --watch paths, absolute
	limit   int64    // --limit in bytes
	flags   []string // go build's flags (see buildFlags)
	pre     *before  // the --before commands; nil: none
	// childTTY runs the program under a pseudo-terminal: our stdout is a
	// terminal, so the program's colours and the order of its stdout and
	// stderr lines should survive the trip through micro-dev.
	childTTY bool
	hosts    *devserver.Hosts // who may ask: DNS rebinding
}

// prepare checks everything that needs no resource held: the limit, the
// env file, Delve, the package and the --watch paths.
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
	envFile, err := openEnvFile(o)
	if err != nil {
		return nil, err
	}
	dlv, err := checkDebug(o)
	if err != nil {
		return nil, err
	}
	target, err := runner.ResolveTags(ctx, o.pkg, buildTags(o))
	if err != nil {
		return nil, err
	}
	extra := make([]string, len(o.watch))
	for i, p := range o.watch {
		if extra[i], err = filepath.Abs(p); err != nil {
			return nil, err
		}
	}
	extra = append(extra, envFile.path) // watched also before it exists
	env := append(os.Environ(), "MICRO_ENV=development")
	var modules []string
	if !o.optimize && !o.debug {
		modules = mainModules(ctx, target.ModuleRoot, target.ModulePath)
	}
	u := newUI(stdout, stderr, cwd, isTerminal(stdout) && os.Getenv("NO_COLOR") == "")
	var pre *before
	if len(o.before) > 0 {
		// The commands see the env file as it was at start.
		pre = newBefore(o.before, target.ModuleRoot, append(env[:len(env):len(env)], envFile.get()...), u.childOut)
		pre.warn = func(files []string) { u.beforeLoop(files, target.ModuleRoot) }
	}
	return &app{
		o:        o,
		ui:       u,
		stderr:   stderr,
		target:   target,
		env:      env,
		envFile:  envFile,
		dlv:      dlv,
		extra:    extra,
		limit:    limit,
		flags:    buildFlags(o, modules),
		pre:      pre,
		childTTY: isTerminal(stdout),
		hosts:    hosts,
	}, nil
}

// devServer wires the dev server to go build, to child processes and to
// the terminal.
func (a *app) devServer(binDir string) (*devserver.Server, error) {
	var events devserver.Events = a.ui
	if a.pre != nil {
		events = beforeEvents{a.ui, a.pre}
	}
	cfg := devserver.Config{
		// Every request, the live-reload stream included, is checked
		// against DNS rebinding first.
		Hosts:        a.hosts,
		Build:        func(ctx context.Context, gen int) (string, error) { return a.build(ctx, binDir, gen) },
		Start:        a.start,
		Events:       events,
		ModuleRoot:   a.target.ModuleRoot,
		Dir:          a.ui.cwd,
		InjectReload: a.o.inject,
	}
	if err := a.sequential(&cfg); err != nil {
		return nil, err
	}
	return devserver.New(cfg)
}

func (a *app) build(ctx context.Context, binDir string, gen int) (string, error) {
	if a.pre != nil {
		if err := a.pre.run(ctx); err != nil {
			return "", err
		}
	}
	bin := filepath.Join(binDir, fmt.Sprintf("app-%d", gen))
	b := &runner.Build{Target: a.target, Output: bin, Flags: a.flags}
	_, err := b.Run(ctx)
	return bin, err
}

// start runs bin as the child, told where to listen.
func (a *app) start(bin, addr string) (devserver.Child, error) {
	env := append(a.env[:len(a.env):len(a.env)], a.envFile.get()...)
	env = append(env, "MICRO_LISTEN=tcp://"+addr, "PORT="+addr[strings.LastIndexByte(addr, ':')+1:])
	cmd := runner.Command{
		Path:   bin,
		Args:   a.o.args,
		Dir:    a.ui.cwd,
		Env:    env,
		Stdout: a.ui.childOut,
		Stderr: a.ui.childErr,
		Grace:  5 * time.Second,
		TTY:    a.childTTY,
	}
	if a.o.debug {
		return a.startDebug(cmd)
	}
	p, err := runner.Start(cmd)
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
