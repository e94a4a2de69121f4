package core

import (
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

func TestServePublic(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Serve(ctx, hello, "127.0.0.1:0"); err != nil {
		t.Errorf("Serve with an ended context = %v, want nil", err)
	}
}
