package devserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/watcher"
)

// supervisor owns the build and the children: it is the one goroutine that
// starts builds, starts and retires children, and changes the Server's
// state. Builds and readiness checks run in goroutines of their own that
// report back on channels, tagged with the generation they belong to, so a
// newer save simply makes older results stale.
type supervisor struct {
	s   *Server
	ev  Events
	gen int

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

// Run builds, serves, and rebuilds on every change until ctx ends; then it
// stops every child it started and returns once they are reaped. Call it
// once.
func (s *Server) Run(ctx context.Context, changes <-chan watcher.Change) {
	sv := &supervisor{s: s, ev: s.cfg.Events, results: make(chan buildDone), readies: make(chan readyDone)}
	sv.run(ctx, changes)
}

func (sv *supervisor) run(ctx context.Context, changes <-chan watcher.Change) {
	sv.rebuild(ctx, nil)
	for {
		var exited <-chan struct{}
		cur := sv.s.current()
		if cur != nil {
			exited = cur.child.Done()
		}
		select {
		case <-ctx.Done():
			sv.shutdown()
			return
		case c, ok := <-changes:
			if !ok {
				changes = nil
				continue
			}
			sv.rebuild(ctx, c.Paths)
		case res := <-sv.results:
			sv.built(ctx, res)
		case rd := <-sv.readies:
			sv.ready(rd)
		case <-exited:
			sv.exited(cur)
		}
	}
}

// exited handles the serving child's exit.
func (sv *supervisor) exited(cur *backend) {
	sv.ev.Crashed(cur.child.ExitStatus())
	if sv.cancel != nil {
		// A reload is under way; its outcome is what requests get.
		sv.s.forget(cur)
		sv.retire(cur)
		return
	}
	sv.retire(sv.s.settle(nil, sv.crash("The handler exited", cur.child.ExitStatus(), cur.child.Tail())))
}

func (sv *supervisor) crash(title, exit string, tail []string) *failure {
	return crashFailure(http.StatusInternalServerError, title, exit, tail, sv.s.cfg.ModuleRoot)
}

// rebuild abandons whatever build or start is under way and builds anew.
func (sv *supervisor) rebuild(ctx context.Context, changed []string) {
	sv.s.begin()
	sv.abandon()
	sv.gen++
	gen := sv.gen
	bctx, cancel := context.WithCancel(ctx)
	sv.cancel = cancel
	sv.ev.Building(changed)
	go func() {
		start := time.Now()
		bin, err := sv.s.cfg.Build(bctx, gen)
		d := buildDone{gen: gen, bin: bin, err: err, changed: changed, took: time.Since(start)}
		select {
		case sv.results <- d:
		case <-ctx.Done():
			removeBin(bin)
		}
	}()
}

// abandon cancels the current generation's build or start.
func (sv *supervisor) abandon() {
	sv.done()
	if sv.starting != nil {
		sv.retire(sv.starting)
		sv.starting = nil
	}
}

// built starts the child of a finished build, or shows its failure.
func (sv *supervisor) built(ctx context.Context, res buildDone) {
	if res.gen != sv.gen {
		removeBin(res.bin) // a newer change superseded it
		return
	}
	if res.err != nil {
		removeBin(res.bin)
		if errors.Is(res.err, context.Canceled) {
			return
		}
		sv.done()
		// The page first: it reads the source the compiler saw, before
		// anyone who heard of the failure can save a fix.
		page := buildFailure(res.err, sv.s.cfg.ModuleRoot, sv.s.cfg.Dir)
		sv.ev.BuildFailed(res.err, res.took)
		sv.retire(sv.s.settle(nil, page))
		return
	}
	b, err := sv.start(res.bin)
	if err != nil {
		removeBin(res.bin)
		sv.done()
		sv.ev.Crashed(err.Error())
		sv.retire(sv.s.settle(nil, sv.crash("The handler could not start", err.Error(), nil)))
		return
	}
	sv.starting = b
	go sv.waitReady(ctx, b, sv.gen, res)
}

func (sv *supervisor) start(bin string) (*backend, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	child, err := sv.s.cfg.Start(bin, addr)
	if err != nil {
		return nil, err
	}
	return sv.s.newBackend(child, addr, bin), nil
}

// waitReady reports to run when b accepts connections, or why it never
// will.
func (sv *supervisor) waitReady(ctx context.Context, b *backend, gen int, res buildDone) {
	limit := sv.s.cfg.ReadyTimeout
	rctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := time.Now()
	err := b.child.WaitReady(rctx, "tcp", b.addr)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("did not accept connections on %s within %s: does it listen on $PORT or $MICRO_LISTEN?", b.addr, limit)
	}
	d := readyDone{gen: gen, b: b, took: time.Since(start), err: err, changed: res.changed, build: res.took}
	select {
	case sv.readies <- d:
	case <-ctx.Done():
	}
}

// ready serves a child that accepts connections, or shows why it did not.
func (sv *supervisor) ready(rd readyDone) {
	if rd.gen != sv.gen || rd.b != sv.starting {
		return // abandoned: retire already took care of it
	}
	sv.starting = nil
	sv.done()
	if rd.err != nil {
		exit := rd.b.child.ExitStatus()
		if exit == "" {
			exit = rd.err.Error()
		}
		tail := rd.b.child.Tail()
		sv.ev.Crashed(exit)
		sv.retire(rd.b)
		sv.retire(sv.s.settle(nil, sv.crash("The handler failed to start", exit, tail)))
		return
	}
	sv.retire(sv.s.settle(rd.b, nil))
	sv.ev.Served(rd.changed, rd.build, rd.took)
}

// done ends the current generation: its context is released, and
// sv.cancel being nil says that no reload is under way.
func (sv *supervisor) done() {
	if sv.cancel != nil {
		sv.cancel()
		sv.cancel = nil
	}
}

// retire stops an old child once the requests it is serving are done.
func (sv *supervisor) retire(b *backend) {
	if b == nil {
		return
	}
	sv.retiring.Add(1)
	go func() {
		defer sv.retiring.Done()
		b.drain(sv.s.cfg.Drain)
		// Streams still open end now, cleanly, rather than by the
		// child's SIGKILL a grace period later.
		b.retire()
		_ = b.child.Stop()
		b.tr.CloseIdleConnections()
		removeBin(b.bin)
	}()
}

func (sv *supervisor) shutdown() {
	sv.abandon()
	sv.retire(sv.s.settle(nil, crashFailure(http.StatusServiceUnavailable, "micro-dev is shutting down", "", nil, sv.s.cfg.ModuleRoot)))
	sv.retiring.Wait()
}

// removeBin deletes an executable the Server is done with.
func removeBin(bin string) {
	if bin != "" {
		os.Remove(bin)
	}
}
