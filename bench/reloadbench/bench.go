//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/seed-1b2dc2de/micro/bench/fixture"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"time"
)

// config is what every measurement of a run shares.
type config struct {
	repo, fixture, work string
	reloads             int // per phase: quiet, then under load
	workers             int // continuous client goroutines; 0: no loaded phase
	noops               int
	edit                editMode
	env                 []string // base environment of every process started
	log                 io.Writer
}

// Bounds on every wait: generous, since the machine is shared and a cold
// first build compiles the standard library.
const (
	startTimeout  = 5 * time.Minute
	reloadTimeout = time.Minute
	maxLostInARow = 3
	settleTimeout = 30 * time.Second
	killTimeout   = 10 * time.Second
	idleWindow    = 3 * time.Second
	noopWindow    = 3 * time.Second
	noopPacing    = 100 * time.Millisecond
)

// result is everything measured for one subject.
type result struct {
	Name           string
	Err            error
	Log            string
	Floor          summary // plain `go build` just before the tool ran
	Stripped       summary // the same with -ldflags=-s -w
	Quiet, Loaded  summary
	ProbeFailed    int      // failed polls of the save → serve probe, both phases
	Lost           []string // reloads whose version was never served, and why
	Saves          int      // new versions saved
	Load           loadStats
	ReloadBuilds   int     // build lines printed during the reloads
	Built, Started summary // the tool's own build and start times, when it prints them
	NoopBuilds     int     // build lines printed after the no-op saves
	NoopRestarted  bool
	NoopChecked    bool
	IdleCPU        float64 // percent of one core
	RSSKB          int64
	IdleChecked    bool
	Children       []procStat // direct children after the reloads
	ChildrenCheck  bool
	Survivors      []procStat // children alive after SIGKILL of the tool
	KillChecked    bool
}

// measure runs every measurement on one subject, on its own fixture copy.
// A failure stops the subject's measurements and is kept in the result;
// what was measured before it stays.
func measure(ctx context.Context, cfg config, s subject) (res result) {
	res.Name = s.name
	dir := filepath.Join(cfg.work, sanitize(s.name))
	res.Log = dir + ".log"
	plain, err := newFloorBuilder(ctx, cfg, dir+"-floor")
	if err != nil {
		res.Err = fmt.Errorf("the fixture does not build: %w", err)
		return res
	}
	stripped, err := newFloorBuilder(ctx, cfg, dir+"-floor-stripped", "-ldflags=-s -w")
	if err != nil {
		res.Err = err
		return res
	}
	defer func() {
		res.Floor, res.Stripped = summarize(plain.times), summarize(stripped.times)
	}()
	if err := fixture.Copy(cfg.fixture, dir, cfg.repo); err != nil {
		res.Err = err
		return res
	}
	if s.setup != nil {
		if err := s.setup(dir); err != nil {
			res.Err = fmt.Errorf("set up %s: %w", s.name, err)
			return res
		}
	}
	port, err := freePort()
	if err != nil {
		res.Err = err
		return res
	}
	env := append(append([]string(nil), cfg.env...), s.env(port)...)
	tp, err := startTool(dir, env, res.Log, 5*time.Second, s.argv(port)...)
	if err != nil {
		res.Err = err
		return res
	}
	b := &bench{cfg: cfg, s: s, tp: tp, dir: dir, res: &res, floors: []*floorBuilder{plain, stripped}}
	defer b.cleanup()
	res.Err = b.run(ctx, port)
	if res.Err != nil {
		for _, l := range tp.out.tail(15) {
			fmt.Fprintf(cfg.log, "  %s| %s\n", s.name, l)
		}
	}
	return res
}

// bench is one subject being measured.
type bench struct {
	cfg     config
	s       subject
	tp      *toolProc
	dir     string
	url     string
	version int // the number of the version last saved
	res     *result
	killed  bool
	floors  []*floorBuilder // sampled after each quiet reload
}

func (b *bench) run(ctx context.Context, port int) error {
	// Until the deliberate SIGKILL, the tool exiting is a failure: stop
	// waiting for it at once rather than at the end of a timeout.
	live, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		select {
		case <-b.tp.done():
			stop()
		case <-live.Done():
		}
	}()
	if err := b.measureLive(live, port); err != nil {
		if b.tp.exited() {
			return fmt.Errorf("%s exited (%v): %w", b.s.name, b.tp.p.Status(), err)
		}
		return err
	}
	stop()
	b.sigkill(ctx)
	return nil
}

// measureLive takes every measurement but the SIGKILL one.
func (b *bench) measureLive(ctx context.Context, port int) error {
	b.logf("starting (log: %s)", b.res.Log)
	if b.s.banner != nil {
		var m []string
		ok := poll(ctx, startTimeout, 20*time.Millisecond, func() bool {
			m = b.tp.out.find(b.s.banner)
			return m != nil || b.tp.exited()
		})
		if !ok || m == nil {
			return fmt.Errorf("%s printed no URL within %v (exited: %v)", b.s.name, startTimeout, b.tp.exited())
		}
		port, _ = strconv.Atoi(m[1])
	}
	b.url = fmt.Sprintf("http://127.0.0.1:%d/", port)
	c := newClient(1)
	b.version = 1
	if _, _, err := waitBody(ctx, c, b.url, "v1", startTimeout); err != nil {
		return fmt.Errorf("first build: %w", err)
	}
	builds0 := b.tp.out.count(b.s.build)
	b.logf("serving %s; %d reloads quiet", b.url, b.cfg.reloads)
	var err error
	if b.res.Quiet, err = b.reloads(ctx, c, b.floors); err != nil {
		return err
	}
	if b.cfg.workers > 0 {
		b.logf("%d reloads under load (%d workers)", b.cfg.reloads, b.cfg.workers)
		l := startLoad(ctx, b.url, b.cfg.workers, reloadTimeout)
		b.res.Loaded, err = b.reloads(ctx, c, nil)
		b.res.Load = l.stop()
		if err != nil {
			return err
		}
	}
	b.res.ReloadBuilds = b.tp.out.count(b.s.build) - builds0
	if b.s.phases != nil {
		b.res.Built, b.res.Started = phaseTimes(b.tp.out.findAll(b.s.phases))
	}
	b.countChildren(ctx)
	if err := b.noop(ctx, c); err != nil {
		return err
	}
	return b.idle(ctx)
}

// reloads saves cfg.reloads new versions one after the other and returns
// the spread of the save → serve latencies. After each reload, while the
// tool is idle, it takes a sample of each floor.
func (b *bench) reloads(ctx context.Context, c *http.Client, floors []*floorBuilder) (summary, error) {
	lat := make([]time.Duration, 0, b.cfg.reloads)
	path := filepath.Join(b.dir, "version.go")
	inARow := 0
	for range b.cfg.reloads {
		b.version++
		want := "v" + strconv.Itoa(b.version)
		if err := save(path, versionSource(want), b.cfg.edit); err != nil {
			return summarize(lat), fmt.Errorf("save %s: %w", path, err)
		}
		b.res.Saves++
		t0 := time.Now()
		at, failed, err := waitBody(ctx, c, b.url, want, reloadTimeout)
		b.res.ProbeFailed += failed
		if err != nil {
			if ctx.Err() != nil {
				return summarize(lat), fmt.Errorf("reload %d: %w", b.version-1, err)
			}
			// A tool may lose its server on a reload (air's new child can
			// find the port still held by the old one) and come back on the
			// next save: count the loss, save again.
			b.res.Lost = append(b.res.Lost, fmt.Sprintf("reload %d: %v", b.version-1, err))
			if inARow++; inARow == maxLostInARow {
				return summarize(lat), fmt.Errorf("%d reloads in a row never served: %w", inARow, err)
			}
			continue
		}
		inARow = 0
		lat = append(lat, at.Sub(t0))
		for _, f := range floors {
			if err := f.sample(ctx); err != nil {
				return summarize(lat), err
			}
		}
	}
	return summarize(lat), nil
}

// phaseTimes summarizes the build and start durations of the tool's
// reload lines, skipping what does not parse.
func phaseTimes(matches [][]string) (built, started summary) {
	var bs, ss []time.Duration
	for _, m := range matches {
		b, err1 := time.ParseDuration(m[1])
		s, err2 := time.ParseDuration(m[2])
		if err1 == nil && err2 == nil {
			bs, ss = append(bs, b), append(ss, s)
		}
	}
	return summarize(bs), summarize(ss)
}

// cleanup stops the tool and whatever it left running, if sigkill did not.
func (b *bench) cleanup() {
	if b.killed {
		return
	}
	all, _ := processes("/proc")
	below := descendantsOf(all, b.tp.pid())
	b.tp.stop()
	for _, p := range below {
		killLeftover(p)
	}
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.cfg.log, "reloadbench: %s: %s\n", b.s.name, fmt.Sprintf(format, args...))
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sanitize makes a subject name usable as a file name.
func sanitize(name string) string {
	out := []rune(name)
	for i, r := range out {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			out[i] = '_'
		}
	}
	return string(out)
}

var errNoTools = errors.New("nothing to measure: give -micro-dev and/or -air")
