package devserver

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

func TestReloadServesTheNewChildAndStopsTheOld(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	held := h.goGet("/", "") // arrives before the first build: held
	h.held()
	c1 := h.serving(1)
	if r := h.receive(held); r.status != 200 || r.body != "gen 1" {
		t.Fatalf("held request got %d %q, want gen 1", r.status, r.body)
	}
	h.change("/src/a.go")
	h.serving(2)
	if r := h.get("/", ""); r.body != "gen 2" {
		t.Fatalf("after the reload: %q, want gen 2", r.body)
	}
	h.exited(c1) // retired; the harness fails the test on a hang
}

func TestCrashDuringReloadServesTheReload(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	h.change("/src/a.go")
	b2 := h.nextBuild(2)
	c1.end("exit status 2")
	h.event("crashed: exit status 2")
	held := h.goGet("/", "application/json")
	h.held()
	b2.finish(nil)
	h.nextChild(2)
	if r := h.receive(held); r.status != 200 || r.body != "gen 2" {
		t.Fatalf("a request during the reload got %d %q, want the new build, not the crash", r.status, r.body)
	}
}

func TestSaveDuringWaitReadyAbandonsThatChild(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1)
	gate := make(chan struct{})
	h.setGate(2, gate)
	h.change("/src/a.go")
	h.nextBuild(2).finish(nil)
	c2 := h.nextChild(2) // now in WaitReady
	held := h.goGet("/", "")
	h.held()
	h.change("/src/b.go")
	b3 := h.nextBuild(3)
	h.exited(c2) // abandoned and stopped
	close(gate)  // too late to matter
	b3.finish(nil)
	h.nextChild(3)
	if r := h.receive(held); r.body != "gen 3" {
		t.Fatalf("a request held during WaitReady got %q, want gen 3", r.body)
	}
	if e := h.event("served"); e != "served [/src/b.go]" {
		t.Fatalf("event %q, want only the newest save served", e)
	}
}

func TestNewerSaveCancelsTheBuild(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1)
	h.change("/src/a.go")
	b2 := h.nextBuild(2)
	b2.stubborn.Store(true)
	h.change("/src/b.go")
	b3 := h.nextBuild(3)
	select {
	case <-b2.ctx.Done():
	case <-time.After(wait):
		t.Fatal("the older build was not cancelled")
	}
	// A build that ignores cancellation and succeeds anyway is dropped.
	b2.finish(nil)
	b3.finish(nil)
	h.nextChild(3)
	if r := h.get("/", ""); r.body != "gen 3" {
		t.Fatalf("got %q, want gen 3", r.body)
	}
	select {
	case c := <-h.starts:
		t.Fatalf("a child of the dropped generation %d started", c.gen)
	default:
	}
}

func TestHoldLimitGivesAPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Hold = 10 * time.Millisecond })
	h.nextBuild(1) // never finishes
	for _, tt := range []struct{ accept, ctype, has string }{
		{"", "text/plain", "still building after 10ms"},
		{"text/html", "text/html", "Still building"},
		{"application/json", "application/json", `"status": 503`},
	} {
		r := h.get("/", tt.accept)
		if r.status != 503 || !strings.HasPrefix(r.header.Get("Content-Type"), tt.ctype) || !strings.Contains(r.body, tt.has) {
			t.Errorf("Accept %q: %d %s, want 503 %s with %q:\n%s", tt.accept, r.status, r.header.Get("Content-Type"), tt.ctype, tt.has, r.body)
		}
		if r.header.Get("Retry-After") == "" {
			t.Errorf("Accept %q: no Retry-After", tt.accept)
		}
	}
}

func TestChildThatNeverListensGetsAPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.ReadyTimeout = 20 * time.Millisecond })
	h.setNever(1)
	held := h.goGet("/", "application/json")
	h.held()
	h.nextBuild(1).finish(nil)
	c := h.nextChild(1)
	h.event("crashed: did not accept connections")
	r := h.receive(held)
	var body struct {
		Error struct{ Message, Exit string }
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil || r.status != 500 {
		t.Fatalf("%d %q: %v", r.status, r.body, err)
	}
	if body.Error.Message != "The handler failed to start" || !strings.Contains(body.Error.Exit, "$PORT") {
		t.Fatalf("page %+v should say it failed to start and name $PORT", body.Error)
	}
	h.exited(c) // stopped, not left running
}

func TestCrashWhileServingGivesThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	c1.end("exit status 3")
	h.event("crashed: exit status 3")
	r := h.get("/", "")
	if r.status != 500 || !strings.Contains(r.body, "exit status 3") || !strings.Contains(r.body, "child 1 says goodbye") {
		t.Fatalf("crash page: %d\n%s", r.status, r.body)
	}
	h.change("/src/a.go")
	h.serving(2)
	if r := h.get("/", ""); r.body != "gen 2" {
		t.Fatalf("after a fix: %q", r.body)
	}
}

func TestBuildFailureGivesThePageUntilAFix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c1 := h.serving(1)
	h.change("/src/a.go")
	be := &runner.BuildError{Diagnostics: []runner.Diagnostic{{File: "/src/a.go", Line: 3, Col: 7, Message: "undefined: x"}}}
	h.nextBuild(2).finish(be)
	h.event("build failed: build failed: /src/a.go:3:7: undefined: x")
	r := h.get("/", "application/json")
	if r.status != 500 || !strings.Contains(r.body, `"message": "undefined: x"`) {
		t.Fatalf("compile page: %d\n%s", r.status, r.body)
	}
	h.exited(c1) // the old child does not keep serving stale code
	h.change("/src/a.go")
	h.nextBuild(3).finish(errors.New("go: cannot find main module"))
	if r := h.get("/", ""); !strings.Contains(r.body, "cannot find main module") {
		t.Fatalf("an error without diagnostics should show its message:\n%s", r.body)
	}
}

func TestHooks(t *testing.T) {
	t.Parallel()
	var seen []string
	h := newHarness(t, func(c *Config) {
		c.Middleware = []func(http.Handler) http.Handler{func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Host == "evil.example" {
					http.Error(w, "bad host", http.StatusForbidden)
					return
				}
				next.ServeHTTP(w, r)
			})
		}}
		c.ModifyResponse = []func(*http.Response) error{func(r *http.Response) error {
			seen = append(seen, r.Request.URL.Path)
			r.Header.Set("X-Hooked", "1")
			return nil
		}}
	})
	h.serving(1)
	if r := h.get("/x", ""); r.body != "gen 1" || r.header.Get("X-Hooked") != "1" {
		t.Fatalf("ModifyResponse did not run: %q %v", r.body, r.header)
	}
	req, _ := http.NewRequest("GET", h.url+"/", nil)
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("middleware did not run before routing: %d", resp.StatusCode)
	}
	if len(seen) != 1 || seen[0] != "/x" {
		t.Fatalf("hook saw %v", seen)
	}
}
