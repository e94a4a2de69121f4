package core

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
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
	cfg := serveConfig{
		log:               pw,
		getenv:            func(k string) string { return env[k] },
		readHeaderTimeout: time.Second,
		idleTimeout:       time.Minute,
	}
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
func (s *running) next(t *testing.T) string {
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

func TestServeEndpoints(t *testing.T) {
	t.Parallel()
	sock := filepath.Join(t.TempDir(), "a.sock")
	s := startServe(t, hello, nil, "127.0.0.1:0", "tcp://127.0.0.1:0", "unix:"+sock)
	for i, url := range s.urls {
		if i < 2 && !strings.HasPrefix(url, "http://127.0.0.1:") || i == 2 && url != "unix:"+sock {
			t.Errorf("listener %d logged as %q", i, url)
		}
		if status, body := get(t, url); status != 200 || body != "hello" {
			t.Errorf("%s: %d %q", url, status, body)
		}
	}
	if err := s.stop(t); err != nil {
		t.Errorf("serve = %v, want nil", err)
	}
	if line := s.next(t); line != "micro: Gracefully shutting down. Please wait..." {
		t.Errorf("log %q", line)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket file is left after shutdown: %v", err)
	}
}

func TestServeFromEnvironment(t *testing.T) {
	t.Parallel()
	s := startServe(t, hello, map[string]string{"MICRO_LISTEN": "tcp://127.0.0.1:0, 127.0.0.1:0", "PORT": "1"})
	if len(s.urls) != 2 {
		t.Fatalf("urls %q", s.urls)
	}
	for _, url := range s.urls {
		if status, _ := get(t, url); status != 200 {
			t.Errorf("%s: %d", url, status)
		}
	}
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MICRO_LISTEN": " a , b,,", "PORT": "9"}, "a|b"},
		{map[string]string{"PORT": "8080"}, "0.0.0.0:8080"},
		{map[string]string{"MICRO_LISTEN": " ", "PORT": ""}, "tcp://0.0.0.0:3000"},
		{nil, "tcp://0.0.0.0:3000"},
	} {
		got := strings.Join(defaultEndpoints(nil, func(k string) string { return tt.env[k] }), "|")
		if got != tt.want {
			t.Errorf("env %v: endpoints %q, want %q", tt.env, got, tt.want)
		}
	}
	if got := defaultEndpoints([]string{"x"}, func(string) string { return "y" }); len(got) != 1 || got[0] != "x" {
		t.Errorf("given endpoints replaced by %q", got)
	}
}

// Ending the context lets requests in flight finish, and refuses new ones.
func TestServeDrains(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	h := Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if r.URL.Path == "/slow" {
			close(entered)
			<-release
			return "finished", nil
		}
		return "fast", nil
	})
	s := startServe(t, h, nil, "127.0.0.1:0")
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := (&http.Client{Timeout: wait}).Get(s.urls[0] + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{string(b), err}
	}()
	<-entered
	s.cancel()
	if line := s.next(t); line != "micro: Gracefully shutting down. Please wait..." {
		t.Fatalf("log %q", line)
	}
	// New connections are refused once the listener is closed.
	addr := strings.TrimPrefix(s.urls[0], "http://")
	deadline := time.Now().Add(wait)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections while shutting down")
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
	select {
	case err := <-s.done:
		t.Fatalf("serve returned %v before the request in flight finished", err)
	default:
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "finished" {
		t.Errorf("request in flight: %q, %v", r.body, r.err)
	}
	if err := s.stop(t); err != nil {
		t.Errorf("serve = %v", err)
	}
}

// The drain is bounded: a request that does not finish is cut.
func TestServeDrainBounded(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(release) })
	h := Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		close(entered)
		<-release
		return "late", nil
	})
	s := startServe(t, h, map[string]string{"MICRO_SHUTDOWN_TIMEOUT": "50ms"}, "127.0.0.1:0")
	errc := make(chan error, 1)
	go func() {
		res, err := (&http.Client{Timeout: wait}).Get(s.urls[0])
		if err == nil {
			_, err = io.ReadAll(res.Body)
			res.Body.Close()
		}
		errc <- err
	}()
	<-entered
	if err := s.stop(t); err != nil {
		t.Errorf("serve = %v, want nil", err)
	}
	if err := <-errc; err == nil {
		t.Error("the stuck request got a response")
	}
	_ = s.next(t) // shutting down
	if line := s.next(t); !strings.Contains(line, "still running after 50ms") {
		t.Errorf("log %q", line)
	}
}

func TestServeErrors(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = taken.Close() }) // not defer: the subtests run after this returns
	notSocket := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notSocket, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		h         http.Handler
		env       map[string]string
		endpoints []string
		want      []string
	}{
		{"address in use", hello, nil, []string{"127.0.0.1:0", taken.Addr().String()},
			[]string{"address already in use", "choose another endpoint"}},
		{"bad endpoint", hello, nil, []string{"foobar://x"}, []string{"Unknown --listen endpoint scheme (protocol): foobar:"}},
		{"bad MICRO_LISTEN", hello, map[string]string{"MICRO_LISTEN": "unix:"}, nil, []string{"Invalid UNIX domain socket endpoint: unix:"}},
		{"not a socket", hello, nil, []string{"unix:" + notSocket}, []string{"address already in use"}},
		{"nil handler", nil, nil, []string{"127.0.0.1:0"}, []string{"nil handler"}},
		{"bad shutdown timeout", hello, map[string]string{"MICRO_SHUTDOWN_TIMEOUT": "soon"}, []string{"127.0.0.1:0"},
			[]string{`invalid MICRO_SHUTDOWN_TIMEOUT "soon"`}},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct {
			name      string
			h         http.Handler
			env       map[string]string
			endpoints []string
			want      []string
		}{"pipe", hello, nil, []string{`pipe:\\.\pipe\micro`}, []string{"Windows named pipes exist only on Windows"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var log strings.Builder
			// Should serve wrongly succeed, the test still ends.
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			err := serve(ctx, tt.h, tt.endpoints, serveConfig{
				log: &log, getenv: func(k string) string { return tt.env[k] },
			})
			if err == nil {
				t.Fatal("serve returned nil")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if log.Len() != 0 {
				t.Errorf("logged %q before failing", log.String())
			}
		})
	}
}

func TestServeUnixSocketFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	_ = ln.Close() // a server that died: the file stays
	s := startServe(t, hello, nil, "unix:"+stale)
	if status, body := get(t, s.urls[0]); status != 200 || body != "hello" {
		t.Errorf("on a replaced stale socket: %d %q", status, body)
	}
	// A socket someone serves on is not taken from them.
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	err = serve(ctx, hello, []string{"unix:" + stale}, serveConfig{log: io.Discard, getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), "a server is accepting connections on it") {
		t.Errorf("serve on a live socket = %v", err)
	}
	if status, _ := get(t, s.urls[0]); status != 200 {
		t.Error("the live socket was broken")
	}
}

// Slow and malformed clients do not hold or break the server.
func TestServeBadClients(t *testing.T) {
	t.Parallel()
	s := startServe(t, hello, nil, "127.0.0.1:0")
	addr := strings.TrimPrefix(s.urls[0], "http://")

	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	_, _ = io.WriteString(slow, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the end
	_ = slow.SetReadDeadline(time.Now().Add(wait))
	_, err = io.ReadAll(slow)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Error("a client that never finished its headers kept its connection")
	}

	bad, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	_, _ = io.WriteString(bad, "NOT HTTP AT ALL\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(bad), nil)
	if err != nil || res.StatusCode != 400 {
		t.Errorf("malformed request: %v, %v", res, err)
	}
	if status, body := get(t, s.urls[0]); status != 200 || body != "hello" {
		t.Errorf("after bad clients: %d %q", status, body)
	}
}

func TestServePublic(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Serve(ctx, hello, "127.0.0.1:0"); err != nil {
		t.Errorf("Serve with an ended context = %v, want nil", err)
	}
}

type fakeListener struct {
	net.Listener
	addr net.Addr
}

func (f fakeListener) Addr() net.Addr { return f.addr }

func TestListenURL(t *testing.T) {
	t.Parallel()
	any6 := &net.TCPAddr{IP: net.IPv6unspecified, Port: 3000}
	for _, tt := range []struct {
		addr      net.Addr
		requested string
		want      string
	}{
		{any6, "0.0.0.0:3000", "http://0.0.0.0:3000"},
		{any6, ":3000", "http://[::]:3000"},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 43817}, "localhost:0", "http://127.0.0.1:43817"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "[::1]:80", "http://[::1]:80"},
		{&net.UnixAddr{Name: "/tmp/a.sock", Net: "unix"}, "/tmp/a.sock", "unix:/tmp/a.sock"},
	} {
		if got := listenURL(fakeListener{addr: tt.addr}, tt.requested); got != tt.want {
			t.Errorf("listenURL(%v, %q) = %q, want %q", tt.addr, tt.requested, got, tt.want)
		}
	}
}
