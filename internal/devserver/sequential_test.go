package devserver

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestSequentialStopsTheOldChildFirst(t *testing.T) {
	t.Parallel()
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	// One fixed address: a child that started before the old one let go
	// of it would fail to listen, and the reload would show a crash.
	h := newHarness(t, func(c *Config) { c.Addr = addr })
	c1 := h.serving(1)
	for gen := 2; gen <= 4; gen++ {
		h.change("/src/a.go")
		b := h.nextBuild(gen)
		held := h.goGet("/", "")
		h.held()
		b.finish(nil)
		c := h.nextChild(gen)
		select {
		case <-c1.Done():
		default:
			t.Fatalf("child %d started while child %d still ran", gen, c1.gen)
		}
		if r := h.receive(held); r.status != 200 || r.body != "gen "+string(rune('0'+gen)) {
			t.Fatalf("request held during reload %d: %d %q", gen, r.status, r.body)
		}
		h.event("served")
		c1 = c
	}
}

func TestSequentialSaveWhileStoppingAbandonsTheBuild(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Sequential = true })
	h.serving(1)
	gate := make(chan struct{})
	h.setGate(2, gate)
	h.change("/src/a.go")
	h.nextBuild(2).finish(nil)
	c2 := h.nextChild(2)
	h.change("/src/b.go") // while child 2 is not ready yet
	b3 := h.nextBuild(3)
	h.exited(c2)
	b3.finish(nil)
	c3 := h.nextChild(3)
	select {
	case <-c2.Done():
	default:
		t.Fatal("child 3 started before child 2 was stopped")
	}
	if r := h.get("/", ""); r.body != "gen 3" {
		t.Fatalf("got %q, want gen 3", r.body)
	}
	close(gate)
	_ = c3
}

func TestRestartStartsTheSameExecutableWithoutABuild(t *testing.T) {
	t.Parallel()
	bins := make(chan string, 8)
	h := newHarness(t, func(c *Config) {
		start := c.Start
		c.Start = func(bin, addr string) (Child, error) {
			// The fake build writes nothing; a restart links the file.
			if _, err := os.Stat(bin); err != nil {
				if err := os.WriteFile(bin, nil, 0o755); err != nil {
					return nil, err
				}
			}
			bins <- bin
			return start(bin, addr)
		}
	})
	c1 := h.serving(1)
	first := <-bins
	h.s.Restart([]string{"/src/.env"})
	h.event("building [/src/.env]")
	c := h.nextChild(1) // the same executable: generation 1's
	h.event("served [/src/.env]")
	if bin := <-bins; bin == first || !strings.HasPrefix(bin, first) {
		t.Fatalf("restart started %s, want a new name for %s", bin, first)
	}
	select {
	case b := <-h.builds:
		t.Fatalf("a restart built generation %d", b.gen)
	default:
	}
	h.exited(c1)
	if r := h.get("/", ""); r.body != "gen 1" {
		t.Fatalf("after a restart: %q", r.body)
	}
	// A reload after a restart builds as usual.
	h.change("/src/a.go")
	h.serving(3)
	h.exited(c)
}

func TestRestartWithNothingBuiltBuilds(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.nextBuild(1).finish(errBuild)
	h.event("build failed")
	h.s.Restart([]string{"/src/.env"})
	h.serving(2)
}

var errBuild = errors.New("build failed")

// slowFirstChild makes child 1 answer /slow only once release closes;
// slowStarted hears of each such request.
func slowFirstChild(h **harness, c *Config, release <-chan struct{}, slowStarted chan<- struct{}) {
	start := c.Start
	c.Start = func(bin, addr string) (Child, error) {
		if !strings.HasSuffix(bin, "app-1") {
			return start(bin, addr)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, err
		}
		fc := &fakeChild{gen: 1, done: make(chan struct{})}
		fc.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/slow" {
				slowStarted <- struct{}{}
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			fmt.Fprint(w, "gen 1")
		}))
		fc.srv.Listener.Close()
		fc.srv.Listener = ln
		fc.srv.Start()
		(*h).starts <- fc
		return fc, nil
	}
}

func TestSequentialLetsTheOldChildFinishItsRequests(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slowStarted := make(chan struct{}, 1)
	var h *harness
	h = newHarness(t, func(c *Config) {
		c.Sequential = true
		slowFirstChild(&h, c, release, slowStarted)
	})
	c1 := h.serving(1)
	slow := h.goGet("/slow", "")
	<-slowStarted
	h.change("/src/a.go")
	h.nextBuild(2).finish(nil)
	select {
	case c := <-h.starts:
		t.Fatalf("child %d started while child 1 still served a request", c.gen)
	case <-c1.Done():
		t.Fatal("child 1 was stopped in the middle of a request")
	case <-time.After(100 * time.Millisecond): // only a failure ends early
	}
	close(release)
	if r := h.receive(slow); r.status != 200 || r.body != "gen 1" {
		t.Fatalf("the request in flight got %d %q", r.status, r.body)
	}
	h.nextChild(2)
	h.exited(c1)
	if r := h.get("/", ""); r.body != "gen 2" {
		t.Fatalf("after the reload: %q", r.body)
	}
}

func TestSequentialDrainIsBounded(t *testing.T) {
	t.Parallel()
	slowStarted := make(chan struct{}, 1)
	var h *harness
	h = newHarness(t, func(c *Config) {
		c.Sequential = true
		c.Drain = 10 * time.Millisecond
		slowFirstChild(&h, c, nil, slowStarted) // /slow never answers
	})
	c1 := h.serving(1)
	stream := h.goGet("/slow", "")
	<-slowStarted
	h.change("/src/a.go")
	h.nextBuild(2).finish(nil)
	h.nextChild(2) // a request that never ends does not hold the reload
	h.exited(c1)
	h.receive(stream)
	if r := h.get("/", ""); r.body != "gen 2" {
		t.Fatalf("after the reload: %q", r.body)
	}
}
