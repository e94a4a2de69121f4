package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
	"github.com/seed-1b2dc2de/micro/watcher"
)

// supervisor owns the build and the children: it is the one goroutine that
// starts builds, starts and retires children, and changes the devServer's
// state. Builds and readiness checks run in goroutines of their own that
// report back on channels, tagged with the generation they belong to, so a
// newer save simply makes older results stale.
type supervisor struct {
	dev     *devServer
	ui      *ui
	env     []string // the child's environment, without the per-child address
	binDir  string
	readyIn time.Duration // how long a new child has to accept connections

	gen      int
	cancel   context.CancelFunc // cancels the build or start of gen
	starting *backend           // the child of gen, not yet accepting
	retiring sync.WaitGroup     // goroutines stopping old children
	results  chan buildDone
	readies  chan readyDone
}

type buildDone struct {
	gen     int
	bin     string
	took    time.Duration
	err     error
	changed []string
}

type readyDone struct {
	gen     int
	b       *backend
	took    time.Duration
	err     error
	changed []string
	build   time.Duration
}

func newSupervisor(d *devServer, u *ui, env []string, binDir string) *supervisor {
	return &supervisor{
		dev:     d,
		ui:      u,
		env:     env,
		binDir:  binDir,
		readyIn: 30 * time.Second,
		results: make(chan buildDone),
		readies: make(chan readyDone),
	}
}

// run builds, serves, and rebuilds on every change until ctx ends; then it
// stops every child it started and returns once they are reaped.
func (s *supervisor) run(ctx context.Context, changes <-chan watcher.Change) {
	s.rebuild(ctx, nil)
	for {
		var exited <-chan struct{}
		cur := s.dev.current()
		if cur != nil {
			exited = cur.proc.Done()
		}
		select {
		case <-ctx.Done():
			s.shutdown()
			return
		case c, ok := <-changes:
			if !ok {
				changes = nil
				continue
			}
			s.rebuild(ctx, c.Paths)
		case res := <-s.results:
			s.built(ctx, res)
		case rd := <-s.readies:
			s.ready(rd)
		case <-exited:
			s.ui.crashed(cur.proc.Status().String())
			if s.cancel != nil {
				// A reload is under way; its outcome is what requests get.
				s.dev.forget(cur)
				s.retire(cur)
				continue
			}
			old := s.dev.settle(nil, crashFailure(http.StatusInternalServerError, "The handler exited", cur.proc.Status().String(), cur.proc.Tail(), s.dev.target.ModuleRoot))
			s.retire(old)
		}
	}
}

// rebuild abandons whatever build or start is under way and builds anew.
func (s *supervisor) rebuild(ctx context.Context, changed []string) {
	s.dev.begin()
	s.abandon()
	s.gen++
	gen := s.gen
	bctx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	bin := filepath.Join(s.binDir, fmt.Sprintf("app-%d", gen))
	s.ui.building(changed)
	go func() {
		// Development builds skip what only slows them: the symbol table
		// and DWARF (stacks keep file:line, which come from pclntab) and
		// VCS stamping, which runs git on every build.
		b := &runner.Build{Target: s.dev.target, Output: bin, Flags: []string{"-ldflags=-s -w", "-buildvcs=false"}}
		start := time.Now()
		_, err := b.Run(bctx)
		// Timed here: a failed build has no Result to say how long it took.
		d := buildDone{gen: gen, bin: bin, err: err, changed: changed, took: time.Since(start)}
		select {
		case s.results <- d:
		case <-ctx.Done():
			os.Remove(bin)
		}
	}()
}

// abandon cancels the current generation's build or start.
func (s *supervisor) abandon() {
	s.done()
	if s.starting != nil {
		s.retire(s.starting)
		s.starting = nil
	}
}

func (s *supervisor) built(ctx context.Context, res buildDone) {
	if res.gen != s.gen {
		os.Remove(res.bin)
		return
	}
	if res.err != nil {
		os.Remove(res.bin)
		if errors.Is(res.err, context.Canceled) {
			return
		}
		s.done()
		s.ui.buildFailed(res.err, res.took)
		s.retire(s.dev.settle(nil, buildFailure(res.err, s.dev.target.ModuleRoot, s.ui.cwd)))
		return
	}
	addr, err := freeAddr()
	if err == nil {
		var proc *runner.Process
		proc, err = s.startChild(res.bin, addr)
		if err == nil {
			s.starting = newBackend(proc, addr, res.bin, s.dev)
		}
	}
	if err != nil {
		os.Remove(res.bin)
		s.done()
		s.ui.crashed(err.Error())
		s.retire(s.dev.settle(nil, crashFailure(http.StatusInternalServerError, "The handler could not start", err.Error(), nil, s.dev.target.ModuleRoot)))
		return
	}
	b, gen, start := s.starting, s.gen, time.Now()
	rctx, cancel := context.WithTimeout(ctx, s.readyIn)
	go func() {
		defer cancel()
		err := b.proc.WaitReady(rctx, "tcp", b.addr)
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("did not accept connections on %s within %s: does it listen on $PORT or $MICRO_LISTEN?", b.addr, s.readyIn)
		}
		d := readyDone{gen: gen, b: b, took: time.Since(start), err: err, changed: res.changed, build: res.took}
		select {
		case s.readies <- d:
		case <-ctx.Done():
		}
	}()
}

func (s *supervisor) startChild(bin, addr string) (*runner.Process, error) {
	env := append(s.env[:len(s.env):len(s.env)], "MICRO_LISTEN=tcp://"+addr, "PORT="+addr[strings.LastIndexByte(addr, ':')+1:])
	return runner.Start(runner.Command{
		Path:   bin,
		Dir:    s.ui.cwd,
		Env:    env,
		Stdout: s.ui.childOut,
		Stderr: s.ui.childErr,
		Grace:  5 * time.Second,
	})
}

func (s *supervisor) ready(rd readyDone) {
	if rd.gen != s.gen || rd.b != s.starting {
		return // abandoned: retire already took care of it
	}
	s.starting = nil
	s.done()
	if rd.err != nil {
		exit := rd.err.Error()
		if st := rd.b.proc.Status(); st.Ended() {
			exit = st.String()
		}
		tail := rd.b.proc.Tail()
		s.ui.crashed(exit)
		s.retire(rd.b)
		s.retire(s.dev.settle(nil, crashFailure(http.StatusInternalServerError, "The handler failed to start", exit, tail, s.dev.target.ModuleRoot)))
		return
	}
	s.retire(s.dev.settle(rd.b, nil))
	s.ui.served(rd.changed, rd.build, rd.took)
}

// done ends the current generation: its context is released, and s.cancel
// being nil says that no reload is under way.
func (s *supervisor) done() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// retire stops an old child once the requests it is serving are done.
func (s *supervisor) retire(b *backend) {
	if b == nil {
		return
	}
	s.retiring.Add(1)
	go func() {
		defer s.retiring.Done()
		b.drain(10 * time.Second)
		_ = b.proc.Stop()
		b.tr.CloseIdleConnections()
		os.Remove(b.bin)
	}()
}

func (s *supervisor) shutdown() {
	s.abandon()
	s.retire(s.dev.settle(nil, crashFailure(http.StatusServiceUnavailable, "micro-dev is shutting down", "", nil, s.dev.target.ModuleRoot)))
	s.retiring.Wait()
}

// shortList names changed files for the reload line: a few base names.
func shortList(paths []string, cwd string) string {
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		names = append(names, relPath(cwd, p))
	}
	sort.Strings(names)
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}
