package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer is an io.Writer the tests can read while the logger writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns the log with times replaced by X, so it can be compared.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return elapsedRE.ReplaceAllString(b.b.String(), "[+Xms]")
}

var elapsedRE = regexp.MustCompile(`\[\+[0-9.]+ms\]`)

// waitLog polls the log until it contains want, failing after a generous
// deadline: the logger writes once the handler returns, which may be after
// the client has its response.
func waitLog(t *testing.T, b *logBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log never showed %q; log:\n%s", want, b)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestReqLogColor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		code   string // the ANSI colour of the status line
	}{
		{101, "36"}, {200, "32"}, {302, "36"}, {404, "33"}, {503, "31"},
	}
	for _, tt := range tests {
		for _, colored := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/color=%v", tt.status, colored), func(t *testing.T) {
				t.Parallel()
				var out logBuffer
				l := &reqLogger{out: &out, color: colored, limit: 1024}
				h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(tt.status)
					io.WriteString(w, "body")
				}))
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
				log := out.String()
				if !colored {
					if strings.Contains(log, "\x1b") {
						t.Errorf("colour codes with color off: %q", log)
					}
					return
				}
				status := fmt.Sprintf("\x1b[%sm< #1 %d\x1b[0m", tt.code, tt.status)
				if !strings.Contains(log, status) {
					t.Errorf("log %q lacks the coloured status line %q", log, status)
				}
				if !strings.Contains(log, "> #1 GET /") || !strings.Contains(log, "\x1b[36;2m> #1") {
					t.Errorf("log %q lacks the coloured request line", log)
				}
			})
		}
	}
}

func TestReqLogNumbering(t *testing.T) {
	t.Parallel()
	var out logBuffer
	l := &reqLogger{out: &out, limit: 1024}
	h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for _, p := range []string{"/a", "/__micro/reload", "/b", "/c"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	want := "> #1 GET /a\n< #1 200 [+Xms]\n> #2 GET /b\n< #2 200 [+Xms]\n> #3 GET /c\n< #3 200 [+Xms]\n"
	if got := out.String(); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
}

// The logger neither consumes nor cuts bodies: a large upload reaches the
// handler whole and a large response reaches the client whole.
func TestReqLogBodyIntact(t *testing.T) {
	t.Parallel()
	var out logBuffer
	l := &reqLogger{out: &out, limit: 10}
	srv := httptest.NewServer(l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Echoing while reading needs full duplex on HTTP/1, which only
		// works if the logger lets the ResponseController reach the server.
		if err := http.NewResponseController(w).EnableFullDuplex(); err != nil {
			t.Errorf("EnableFullDuplex through the logger: %v", err)
		}
		w.Header().Set("Content-Type", "text/plain")
		if _, err := io.Copy(w, r.Body); err != nil {
			t.Errorf("echo: %v", err)
		}
	})))
	defer srv.Close()
	body := strings.Repeat("0123456789abcdef\n", 20000)
	resp, err := http.Post(srv.URL, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(got) != body {
		t.Fatalf("echo: %d bytes, %v; want the %d bytes sent", len(got), err, len(body))
	}
	more := fmt.Sprintf("0123456789… (%d more bytes)\n", len(body)-10)
	waitLog(t, &out, "< #1 200 [+Xms]\n"+more)
	if want := "> #1 POST /\n" + more; !strings.HasPrefix(out.String(), want) {
		t.Errorf("log:\n%s\nwant it to start with:\n%s", out.String(), want)
	}
}

// A server-sent events stream reaches the client event by event, and is
// logged when it starts and when it ends.
func TestReqLogStreams(t *testing.T) {
	t.Parallel()
	var out logBuffer
	l := &reqLogger{out: &out, limit: 1024}
	release := make(chan struct{})
	srv := httptest.NewServer(l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline through the logger: %v", err)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: 1\n\n")
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, "data: 2\n\n")
	})))
	defer srv.Close()
	defer close(release)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "data: 1\n" {
		t.Fatalf("first event: %q, %v (not flushed through the logger?)", line, err)
	}
	waitLog(t, &out, "> #1 GET /events\n< #1 200 [+Xms]\n")
	if strings.Contains(out.String(), "closed") {
		t.Errorf("stream logged as closed while it runs:\n%s", out.String())
	}
	release <- struct{}{}
	waitLog(t, &out, "< #1 closed [+Xms]\ndata: 1\n\ndata: 2\n")
}

// A hijacked connection (a WebSocket) still works through the logger.
func TestReqLogHijack(t *testing.T) {
	t.Parallel()
	var out logBuffer
	l := &reqLogger{out: &out, limit: 1024}
	srv := httptest.NewServer(l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(http.Hijacker); !ok {
			t.Error("the logger's ResponseWriter is not an http.Hijacker")
		}
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nhello")
		rw.Flush()
	})))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	io.WriteString(conn, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n")
	got, err := io.ReadAll(conn)
	if err != nil || !strings.HasSuffix(string(got), "\r\n\r\nhello") {
		t.Fatalf("read %q, %v; want the switch and hello", got, err)
	}
	waitLog(t, &out, "> #1 GET /ws\n< #1 101 [+Xms]\n< #1 closed [+Xms]\n")
}

// Concurrent requests: each one's lines are written together.
func TestReqLogConcurrent(t *testing.T) {
	t.Parallel()
	var out logBuffer
	l := &reqLogger{out: &out, limit: 1024}
	srv := httptest.NewServer(l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.Copy(w, r.Body)
	})))
	defer srv.Close()
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := http.Post(fmt.Sprintf("%s/%d", srv.URL, i), "text/plain", strings.NewReader(fmt.Sprintf("body-%d", i)))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
	wg.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(out.String(), "< #") < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4*n {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), 4*n, out.String())
	}
	seen := map[string]bool{}
	for k := 0; k < len(lines); k += 4 {
		var num, path int
		if _, err := fmt.Sscanf(lines[k], "> #%d POST /%d", &num, &path); err != nil {
			t.Fatalf("line %d: %q is not a request line", k, lines[k])
		}
		body := fmt.Sprintf("body-%d", path)
		want := []string{lines[k], body, fmt.Sprintf("< #%d 200 [+Xms]", num), body}
		if got := lines[k : k+4]; strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("block at line %d = %q, want %q", k, got, want)
		}
		seen[fmt.Sprint(num)] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[fmt.Sprint(i)] {
			t.Errorf("no request #%d", i)
		}
	}
}

// A handler that aborts (the proxy panics with http.ErrAbortHandler when
// the child breaks off a response, or the client went away) is logged as
// aborted, never as the 200 net/http would assume, and its panic goes on.
func TestReqLogAbort(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status int
		want   string
	}{
		{502, "> #1 GET /x\n< #1 502 aborted [+Xms]\n"},
		{0, "> #1 GET /x\n< #1 aborted [+Xms]\n"},
	} {
		var out logBuffer
		l := &reqLogger{out: &out, limit: 1024}
		h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tt.status != 0 {
				w.WriteHeader(tt.status)
			}
			panic(http.ErrAbortHandler)
		}))
		func() {
			defer func() {
				if v := recover(); v != http.ErrAbortHandler {
					t.Errorf("recovered %v, want http.ErrAbortHandler", v)
				}
			}()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
		}()
		if got := out.String(); got != tt.want {
			t.Errorf("log %q, want %q", got, tt.want)
		}
	}
}

func BenchmarkReqLog(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	})
	for _, bb := range []struct {
		name string
		h    http.Handler
	}{
		{"unwrapped", ok},
		{"wrapped", (&reqLogger{out: io.Discard, limit: 1024}).wrap(ok)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/hello", nil)
			b.ReportAllocs()
			for b.Loop() {
				bb.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
