package core

// Helpers that run serve in a test and talk to it.

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// wait is how long a test waits for something that should happen at once:
// long, because the machine may be loaded; a pass never waits that long.
const wait = 30 * time.Second

// running is a serve call under test.
type running struct {
	lines  chan string // the log, line by line
	urls   []string    // where it accepts connections
	cancel context.CancelFunc
	done   chan error // serve's result
}

// startServe runs serve on endpoints with env as the environment, and
// waits for it to accept connections on each listener.
func startServe(t *testing.T, h http.Handler, env map[string]string, endpoints ...string) *running {
	t.Helper()
	return startServeConfig(t, h, serveConfig{
		getenv:            func(k string) string { return env[k] },
		readHeaderTimeout: time.Second,
		idleTimeout:       time.Minute,
	}, env, endpoints...)
}

// startServeConfig is startServe with the server's limits in cfg; its log
// is the test's.
func startServeConfig(t testing.TB, h http.Handler, cfg serveConfig, env map[string]string, endpoints ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &running{lines: make(chan string, 100), cancel: cancel, done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	cfg.log = pw
	go func() {
		s.done <- serve(ctx, h, endpoints, cfg)
		_ = pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(wait):
			t.Error("serve did not return after its context ended")
		}
	})
	want := max(len(endpoints), 1)
	if v := env["MICRO_LISTEN"]; len(endpoints) == 0 && v != "" {
		want = len(strings.Split(v, ","))
	}
	for len(s.urls) < want {
		line := s.next(t)
		url, ok := strings.CutPrefix(line, "micro: Accepting connections on ")
		if !ok {
			t.Fatalf("unexpected log line %q", line)
		}
		s.urls = append(s.urls, url)
	}
	return s
}

// next returns the next log line.
func (s *running) next(t testing.TB) string {
	t.Helper()
	select {
	case line, ok := <-s.lines:
		if !ok {
			t.Fatal("serve's log ended")
		}
		return line
	case <-time.After(wait):
		t.Fatal("serve logged nothing")
	}
	return ""
}

// stop ends serve and returns its result.
func (s *running) stop(t *testing.T) error {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(wait):
		t.Fatal("serve did not return")
	}
	return nil
}

// client returns an HTTP client for url, which may be unix:/path.
func client(url string) (*http.Client, string) {
	path, ok := strings.CutPrefix(url, "unix:")
	if !ok {
		return &http.Client{Timeout: wait}, url
	}
	return &http.Client{Timeout: wait, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		},
	}}, "http://unix"
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c, u := client(url)
	res, err := c.Get(u + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

var hello = Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return "hello", nil })
