package devserver

import (
	"encoding/json"
	"net"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// listensOn is a child that listens on other ports than its address.
type listensOn struct {
	*fakeChild
	ports []int
}

func (c listensOn) ListeningPorts() ([]int, error) { return c.ports, nil }

func elsewhereHarness(t *testing.T, ports []int, tweak func(*Config)) *harness {
	h := newHarness(t, func(c *Config) {
		start := c.Start
		c.Start = func(bin, addr string) (Child, error) {
			ch, err := start(bin, addr)
			if err != nil {
				return nil, err
			}
			return listensOn{ch.(*fakeChild), ports}, nil
		}
		if tweak != nil {
			tweak(c)
		}
	})
	h.setNever(1)
	return h
}

func exitOf(t *testing.T, r response) string {
	t.Helper()
	var body struct {
		Error struct{ Message, Exit string }
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil || r.status != 500 {
		t.Fatalf("%d %q: %v", r.status, r.body, err)
	}
	return body.Error.Exit
}

func TestChildListeningElsewhereNamesAppPort(t *testing.T) {
	t.Parallel()
	// A ready timeout it must not wait for.
	h := elsewhereHarness(t, []int{4242}, func(c *Config) { c.ReadyTimeout = time.Hour })
	held := h.goGet("/", "application/json")
	h.held()
	h.nextBuild(1).finish(nil)
	c := h.nextChild(1)
	want := "the program listens on :4242, not on the address micro-dev gave it in PORT/MICRO_LISTEN"
	if e := h.event("crashed"); !strings.Contains(e, want) || !strings.HasSuffix(e, "run micro-dev --app-port 4242") {
		t.Fatalf("terminal: %q, want %q and the flag", e, want)
	}
	if exit := exitOf(t, h.receive(held)); !strings.Contains(exit, "--app-port 4242") {
		t.Fatalf("page: %q should name --app-port 4242", exit)
	}
	h.exited(c)
}

func TestReadyTimeoutNamesAppPort(t *testing.T) {
	t.Parallel()
	// The debugger's own port is not the program's.
	h := elsewhereHarness(t, []int{2345}, func(c *Config) {
		c.ReadyTimeout = 300 * time.Millisecond
		c.OwnPorts = []int{2345}
	})
	h.nextBuild(1).finish(nil)
	h.nextChild(1)
	h.event("crashed: did not accept connections")
	if exit := exitOf(t, h.get("/", "application/json")); !strings.Contains(exit, "$PORT") || !strings.Contains(exit, "--app-port PORT") {
		t.Fatalf("page: %q should name $PORT and --app-port", exit)
	}
}

func TestTreePortsSeesAListener(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("read from /proc")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	ports, err := treePorts(os.Getpid())
	if err != nil || !slices.Contains(ports, port) {
		t.Fatalf("treePorts = %v, %v; want %d among them", ports, err, port)
	}
	ln.Close()
	if ports, _ := treePorts(os.Getpid()); slices.Contains(ports, port) {
		t.Fatalf("treePorts = %v after close, still has %d", ports, port)
	}
}
