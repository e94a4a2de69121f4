package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/watcher"
)

// wait is how long a test waits for a condition before it fails: generous,
// since it only ends tests that are broken.
const wait = 30 * time.Second

// fakeChild is a child program: an httptest server bound to the address
// the Server chose, or nothing at all for a child that never listens.
type fakeChild struct {
	gen  int
	srv  *httptest.Server // nil: never listens
	gate chan struct{}    // when set, WaitReady waits for it to close
	done chan struct{}

	mu   sync.Mutex
	exit string
	once sync.Once
}

func (c *fakeChild) Done() <-chan struct{} { return c.done }
func (c *fakeChild) Tail() []string        { return []string{fmt.Sprintf("child %d says goodbye", c.gen)} }

func (c *fakeChild) ExitStatus() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exit
}

func (c *fakeChild) WaitReady(ctx context.Context, network, address string) error {
	if c.gate != nil {
		select {
		case <-c.gate:
		case <-c.done:
			return errors.New("exited")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if c.srv != nil {
		return nil // bound before Start returned
	}
	select {
	case <-c.done:
		return errors.New("exited")
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *fakeChild) Stop() error { c.end("signal: terminated"); return nil }

// end makes the child exit with status, once.
func (c *fakeChild) end(status string) {
	c.once.Do(func() {
		if c.srv != nil {
			c.srv.CloseClientConnections()
			c.srv.Close()
		}
		c.mu.Lock()
		c.exit = status
		c.mu.Unlock()
		close(c.done)
	})
}

// build is one call of Config.Build, answered by the test.
type build struct {
	gen      int
	ctx      context.Context
	reply    chan error
	stubborn atomic.Bool // ignores cancellation: waits for reply anyway
}

func (b *build) finish(err error) { b.reply <- err }

// harness runs a Server with a fake build and fake children. Every build
// waits for the test to finish it; children serve "gen N".
type harness struct {
	t       *testing.T
	s       *Server
	url     string
	changes chan watcher.Change
	builds  chan *build
	starts  chan *fakeChild
	events  chan string
	holds   chan struct{} // a request starts waiting for a reload
	app     http.Handler  // what the children serve; nil: "gen N"

	mu    sync.Mutex
	never map[int]bool          // generations whose child never listens
	gates map[int]chan struct{} // generations whose WaitReady is gated
}

func newHarness(t *testing.T, tweak func(*Config)) *harness {
	t.Helper()
	h := &harness{
		t:       t,
		changes: make(chan watcher.Change),
		builds:  make(chan *build, 16),
		starts:  make(chan *fakeChild, 16),
		events:  make(chan string, 64),
		holds:   make(chan struct{}, 64),
		never:   map[int]bool{},
		gates:   map[int]chan struct{}{},
	}
	dir := t.TempDir()
	cfg := Config{
		Build: func(ctx context.Context, gen int) (string, error) {
			b := &build{gen: gen, ctx: ctx, reply: make(chan error, 1)}
			h.builds <- b
			select {
			case err := <-b.reply:
				return filepath.Join(dir, fmt.Sprintf("app-%d", gen)), err
			case <-ctx.Done():
				if b.stubborn.Load() {
					return filepath.Join(dir, fmt.Sprintf("app-%d", gen)), <-b.reply
				}
				return "", ctx.Err()
			}
		},
		Start:  h.start,
		Events: recorder(h.events),
		Dir:    dir,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	s.onHold = func() {
		select {
		case h.holds <- struct{}{}:
		default: // nobody is counting
		}
	}
	front := httptest.NewServer(s)
	h.url = front.URL
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { s.Run(ctx, h.changes); close(ran) }()
	t.Cleanup(func() {
		s.CloseStreams()
		cancel()
		<-ran // every child stopped
		front.Close()
	})
	return h
}

func (h *harness) start(bin, addr string) (Child, error) {
	var gen int
	if _, err := fmt.Sscanf(filepath.Base(bin), "app-%d", &gen); err != nil {
		return nil, fmt.Errorf("bad binary name %q", bin)
	}
	h.mu.Lock()
	c := &fakeChild{gen: gen, gate: h.gates[gen], done: make(chan struct{})}
	never := h.never[gen]
	h.mu.Unlock()
	if !never {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, err
		}
		var app http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, "gen %d", gen)
		})
		if h.app != nil {
			app = h.app
		}
		c.srv = httptest.NewUnstartedServer(app)
		c.srv.Listener.Close()
		c.srv.Listener = ln
		c.srv.Start()
	}
	h.starts <- c
	return c, nil
}

// change is a save: a new build starts.
func (h *harness) change(path string) {
	h.t.Helper()
	select {
	case h.changes <- watcher.Change{Paths: []string{path}}:
	case <-time.After(wait):
		h.t.Fatal("the supervisor never took the change")
	}
}

// nextBuild returns the next build, which must be of generation gen.
func (h *harness) nextBuild(gen int) *build {
	h.t.Helper()
	select {
	case b := <-h.builds:
		if b.gen != gen {
			h.t.Fatalf("build of generation %d, want %d", b.gen, gen)
		}
		return b
	case <-time.After(wait):
		h.t.Fatalf("no build of generation %d", gen)
		return nil
	}
}

// nextChild returns the next child started, which must be of generation gen.
func (h *harness) nextChild(gen int) *fakeChild {
	h.t.Helper()
	select {
	case c := <-h.starts:
		if c.gen != gen {
			h.t.Fatalf("child of generation %d started, want %d", c.gen, gen)
		}
		return c
	case <-time.After(wait):
		h.t.Fatalf("no child of generation %d started", gen)
		return nil
	}
}

// event waits for the event whose text starts with prefix, skipping others.
func (h *harness) event(prefix string) string {
	h.t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case e := <-h.events:
			if strings.HasPrefix(e, prefix) {
				return e
			}
		case <-timeout:
			h.t.Fatalf("no %q event", prefix)
			return ""
		}
	}
}

// serving builds generation gen and waits until its child serves.
func (h *harness) serving(gen int) *fakeChild {
	h.t.Helper()
	h.nextBuild(gen).finish(nil)
	c := h.nextChild(gen)
	h.event("served")
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

// get requests path with an Accept header and returns the whole response.
func (h *harness) get(path, accept string) response {
	h.t.Helper()
	req, err := http.NewRequest("GET", h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// goGet requests path in the background; the response comes on the channel.
func (h *harness) goGet(path, accept string) <-chan response {
	ch := make(chan response, 1)
	go func() {
		req, _ := http.NewRequest("GET", h.url+path, nil)
		req.Header.Set("Accept", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- response{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		ch <- response{resp.StatusCode, resp.Header, string(body)}
	}()
	return ch
}

func (h *harness) receive(ch <-chan response) response {
	h.t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(wait):
		h.t.Fatal("no response")
		return response{}
	}
}

// recorder turns the events into lines on a channel.
type recorder chan string

func (r recorder) Building(changed []string) { r <- fmt.Sprintf("building %v", changed) }
func (r recorder) BuildFailed(err error, took time.Duration) {
	r <- "build failed: " + err.Error()
}
func (r recorder) Served(changed []string, build, start time.Duration) {
	r <- fmt.Sprintf("served %v", changed)
}
func (r recorder) Crashed(status string) { r <- "crashed: " + status }

// exited waits for c to be stopped.
func (h *harness) exited(c *fakeChild) {
	h.t.Helper()
	select {
	case <-c.Done():
	case <-time.After(wait):
		h.t.Fatalf("child %d was never stopped", c.gen)
	}
}

// setNever makes the child of gen never listen.
func (h *harness) setNever(gen int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.never[gen] = true
}

// setGate makes the child of gen wait in WaitReady until gate closes.
func (h *harness) setGate(gen int, gate chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gates[gen] = gate
}

// held waits until a request is waiting for a reload.
func (h *harness) held() {
	h.t.Helper()
	select {
	case <-h.holds:
	case <-time.After(wait):
		h.t.Fatal("no request is held")
	}
}
