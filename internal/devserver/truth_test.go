package devserver

import (
	"bufio"
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawConn dials the harness's front as curl would, with a deadline that
// only ends a broken test.
func (h *harness) rawConn() *net.TCPConn {
	h.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(wait))
	return c.(*net.TCPConn)
}

// A client that half-closes after its request, while the request is held
// for a build, gets nothing: no invented "200 OK" with an empty body.
func TestHalfClosedWhileHeldGetsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	b := h.nextBuild(1)
	c := h.rawConn()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	h.held()
	c.CloseWrite()
	got, err := io.ReadAll(c)
	if err != nil || len(got) != 0 {
		t.Fatalf("half-closed client got %q (%v), want nothing", got, err)
	}
	b.finish(nil)
}

// The same while the program has not answered yet: the proxy's request is
// cancelled, and nothing is invented either.
func TestHalfClosedWhileProxiedGetsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	arrived := make(chan struct{}, 1)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	h.serving(1)
	c := h.rawConn()
	io.WriteString(c, "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
	<-arrived
	c.CloseWrite()
	got, err := io.ReadAll(c)
	if err != nil || len(got) != 0 {
		t.Fatalf("half-closed client got %q (%v), want nothing", got, err)
	}
}

// A malformed chunked body is the client's fault: 400 Invalid body at
// once, as micro answers, never a 502 blaming the handler with its output.
func TestMalformedChunkedBodyIs400(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err == nil {
			io.WriteString(w, "read it all")
		}
	})
	h.serving(1)
	c := h.rawConn()
	io.WriteString(c, "POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || string(body) != "Invalid body" {
		t.Fatalf("malformed chunked body: %d %q, want 400 Invalid body", resp.StatusCode, body)
	}
}

// The pages that show a program's last lines leave out core's own start
// and stop lines, which the terminal hides too.
func TestCrashPageHidesServeNoise(t *testing.T) {
	t.Parallel()
	f := crashFailure(500, "The handler crashed", "exit status 2", []string{
		"micro: Accepting connections on http://127.0.0.1:41234", "panic: boom", "micro: Gracefully shutting down. Please wait...",
	}, "")
	if got := f.page.Output; len(got) != 1 || got[0] != "panic: boom" {
		t.Fatalf("tail %q, want only the program's own line", got)
	}
}

// sseApp streams one event, then holds the stream until its client goes.
func sseApp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	io.WriteString(w, "data: tick\n\n")
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// A stream open across a reload ends cleanly once the drain is over, as a
// whole response, before the old program is stopped.
func TestStreamAcrossReloadEndsCleanlyAtTheDrain(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Drain = 20 * time.Millisecond })
	h.app = http.HandlerFunc(sseApp)
	c1 := h.serving(1)
	resp, err := http.Get(h.url + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, err := br.ReadString('\n'); line != "data: tick\n" || err != nil {
		t.Fatalf("first event: %q %v", line, err)
	}
	h.change("/src/a.go")
	h.serving(2)
	rest, err := io.ReadAll(br) // a cut stream would fail with unexpected EOF
	if err != nil {
		t.Fatalf("the stream ended with %v after %q, want a clean end", err, rest)
	}
	h.exited(c1)
	if c1.ExitStatus() != "signal: terminated" {
		t.Fatalf("old child: %q", c1.ExitStatus())
	}
}

// A stream the program cuts (it crashed, or was killed) puts no standard
// library log line on the terminal. Not parallel: it reads the log output.
func TestCutStreamLogsNothing(t *testing.T) {
	var logged bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&logged)
	defer log.SetOutput(prev)
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: tick\n\n")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection drops mid-stream
	})
	h.serving(1)
	resp, err := http.Get(h.url + "/events")
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	if logged.Len() != 0 {
		t.Fatalf("the standard library logged:\n%s", logged.String())
	}
}

// Shutting down ends the program's streams too, cleanly, so that a
// browser tab with an open stream does not hold micro-dev's exit.
func TestCloseStreamsEndsTheProgramsStreams(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/events" {
			sseApp(w, r)
			return
		}
		io.WriteString(w, "plain")
	})
	h.serving(1)
	resp, err := http.Get(h.url + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, err := br.ReadString('\n'); line != "data: tick\n" || err != nil {
		t.Fatalf("first event: %q %v", line, err)
	}
	h.s.CloseStreams()
	if rest, err := io.ReadAll(br); err != nil {
		t.Fatalf("the stream ended with %v after %q, want a clean end", err, rest)
	}
	if r := h.get("/", ""); r.status != 200 || r.body != "plain" {
		t.Fatalf("a request after CloseStreams got %d: only streams end", r.status)
	}
}
