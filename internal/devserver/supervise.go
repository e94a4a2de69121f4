package devserver

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
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
	genCtx   context.Context    // ends with cancel
	starting *backend           // the child of gen, not yet accepting
	retiring sync.WaitGroup     // goroutines stopping old children
	stopping []chan struct{}    // closed as each retired child is stopped
	lastBin  string             // the executable of the newest child started
	lastOut  string             // the newest build's output path, for link names
	results  chan buildDone
	readies  chan readyDone
	crashed  string         // the executable of a child that crashed while serving
	cleared  chan buildDone // Sequential: the old children are stopped
}

type buildDone struct {
	gen     int
	bin     string
	took    time.Duration
	err     error
	changed []string
	restart bool // no build: Server.Restart
}

type readyDone struct {
	gen     int
	b       *backend
	took    time.Duration
	err     error
	changed []string
	build   time.Duration
	restart bool
}

// Run builds, serves, and rebuilds on every change until ctx ends; then it
// stops every child it started and returns once they are reaped. Call it
// once.
func (s *Server) Run(ctx context.Context, changes <-chan watcher.Change) {
	sv := &supervisor{s: s, ev: s.cfg.Events, results: make(chan buildDone), readies: make(chan readyDone), cleared: make(chan buildDone)}
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
		case res := <-sv.cleared:
			sv.launch(ctx, res)
		case changed := <-sv.s.restarts:
			sv.restart(ctx, changed)
		case rd := <-sv.readies:
			sv.ready(rd)
		case <-exited:
			sv.exited(cur)
		case reply := <-sv.s.crashRestarts:
			reply <- sv.restartCrashed(ctx)
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
	sv.retire(sv.s.settle(nil, sv.keepCrashed(cur)))
}

func (sv *supervisor) crash(title, exit string, tail []string) *failure {
	return crashFailure(http.StatusInternalServerError, title, exit, tail, sv.s.cfg.ModuleRoot)
}

// rebuild abandons whatever build or start is under way and builds anew.
func (sv *supervisor) rebuild(ctx context.Context, changed []string) {
	sv.s.begin()
	sv.dropCrashed()
	sv.abandon()
	gen := sv.gen + 1
	bctx := sv.newGen(ctx)
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

// newGen starts the next generation, with a context that ends when a
// newer one starts.
func (sv *supervisor) newGen(ctx context.Context) context.Context {
	sv.gen++
	gctx, cancel := context.WithCancel(ctx)
	sv.genCtx, sv.cancel = gctx, cancel
	return gctx
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
		if sv.unchanged(res) {
			return
		}
		// The page first: it reads the source the compiler saw, before
		// anyone who heard of the failure can save a fix.
		var page *failure
		if ce := (*CommandError)(nil); errors.As(res.err, &ce) {
			page = commandFailure(ce, sv.s.cfg.ModuleRoot)
		} else {
			page = buildFailure(res.err, sv.s.cfg.ModuleRoot, sv.s.cfg.Dir)
		}
		sv.ev.BuildFailed(res.err, res.took)
		sv.retire(sv.s.settle(nil, page))
		return
	}
	if sv.s.cfg.Sequential {
		sv.clearThenLaunch(res)
		return
	}
	sv.launch(ctx, res)
}

// launch starts the child of a finished build.
func (sv *supervisor) launch(ctx context.Context, res buildDone) {
	if res.gen != sv.gen {
		removeBin(res.bin)
		return
	}
	sv.lastBin = res.bin
	if !res.restart {
		sv.lastOut = res.bin
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
	addr := sv.s.cfg.Addr
	if addr == "" {
		var err error
		if addr, err = freeAddr(); err != nil {
			return nil, err
		}
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
	err := sv.s.notReady(sv.s.waitListening(rctx, b.child, b.addr), b.addr)
	d := readyDone{gen: gen, b: b, took: time.Since(start), err: err, changed: res.changed, build: res.took, restart: res.restart}
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
	sv.served(rd)
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
func (sv *supervisor) retire(b *backend) { sv.retireWithin(b, sv.s.cfg.Drain) }

// retireWithin is retire with a drain limit of its own.
func (sv *supervisor) retireWithin(b *backend, drain time.Duration) {
	if b == nil {
		return
	}
	sv.retiring.Add(1)
	stopped := make(chan struct{})
	sv.stopping = append(slices.DeleteFunc(sv.stopping, isClosed), stopped)
	go func() {
		defer sv.retiring.Done()
		defer close(stopped)
		b.drain(drain)
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
	sv.dropCrashed()
	sv.retire(sv.s.settle(nil, crashFailure(http.StatusServiceUnavailable, "micro-dev is shutting down", "", nil, sv.s.cfg.ModuleRoot)))
	sv.retiring.Wait()
}

// removeBin deletes an executable the Server is done with.
func removeBin(bin string) {
	if bin != "" {
		os.Remove(bin)
	}
}

// unchanged keeps serving what was served when the build found nothing
// new to build, and reports whether it did.
func (sv *supervisor) unchanged(res buildDone) bool {
	if !errors.Is(res.err, ErrUnchanged) {
		return false
	}
	s := sv.s
	s.mu.Lock()
	has := s.st.serving != nil || s.st.failed != nil
	s.mu.Unlock()
	if !has {
		// The program exited while the commands ran: nothing to keep.
		sv.retire(s.settle(nil, sv.crash("The handler exited", "it exited while the --before commands ran; save again to restart it", nil)))
		return true
	}
	s.keep()
	if ev, ok := sv.ev.(unchangedEvents); ok {
		ev.Unchanged(res.changed)
	}
	return true
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
