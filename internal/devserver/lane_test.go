package devserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
)

// echoApp answers with what it was sent, so that a test can compare what
// the program sees through the lane and through http.Server; some paths
// answer in ways only the full proxy handles.
func echoApp(t *testing.T) http.Handler {
	coreErr := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, fmt.Errorf("loading profile: %w", errors.New("no such profile"))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var names []string
		for k := range r.Header {
			names = append(names, k)
		}
		slices.Sort(names)
		var seen strings.Builder
		fmt.Fprintf(&seen, "%s %s %s host=%s\n", r.Method, r.RequestURI, r.Proto, r.Host)
		for _, k := range names {
			fmt.Fprintf(&seen, "%s: %q\n", k, r.Header[k])
		}
		w.Header().Set("X-Seen-Len", fmt.Sprint(seen.Len()))
		switch r.URL.Path {
		case "/stream": // chunked, flushed: a stream
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, seen.String())
			w.(http.Flusher).Flush()
			io.WriteString(w, "and more\n")
		case "/hints": // an informational answer first
			w.Header().Set("Link", "</app.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			io.WriteString(w, seen.String())
		case "/nothing":
			w.WriteHeader(http.StatusNoContent)
		case "/same":
			w.WriteHeader(http.StatusNotModified)
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, seen.String())
		case "/error": // core's error data, for the proxy to draw a page from
			coreErr.ServeHTTP(w, r)
		case "/html": // a page, which may get the live-reload client
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<html><body>"+html.EscapeString(seen.String())+"</body></html>")
		default:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			io.WriteString(w, seen.String())
		}
	})
}

// exchangeRaw writes reqs on one connection to addr, all at once when
// together is set, otherwise one after the other's answer, and returns
// each answer as text: its status, its headers but Date, and its body.
func exchangeRaw(t *testing.T, addr string, reqs []string, together bool) []string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	br := bufio.NewReader(conn)
	if together {
		if _, err := io.WriteString(conn, strings.Join(reqs, "")); err != nil {
			t.Fatal(err)
		}
	}
	var out []string
	for _, raw := range reqs {
		if !together {
			if _, err := io.WriteString(conn, raw); err != nil {
				t.Fatal(err)
			}
		}
		// Only the method matters to reading the answer (HEAD has no body).
		req := &http.Request{Method: strings.Fields(raw)[0]}
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			out = append(out, "error: "+err.Error())
			break
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			out = append(out, "body error: "+err.Error())
			break
		}
		resp.Header.Del("Date")
		var names []string
		for k := range resp.Header {
			names = append(names, k)
		}
		slices.Sort(names)
		var s strings.Builder
		fmt.Fprintf(&s, "%s %d\n", resp.Proto, resp.StatusCode)
		for _, k := range names {
			fmt.Fprintf(&s, "%s: %q\n", k, resp.Header[k])
		}
		fmt.Fprintf(&s, "\n%s", body)
		out = append(out, s.String())
		if resp.Close {
			break
		}
	}
	return out
}

// laneRequests are requests of every kind the lane meets, plain or not.
var laneRequests = []string{
	"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /a/b%2Fc?q=1&r=%20x HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nAccept: */*\r\nCookie: k=v\r\nX-Custom: one\r\nX-Custom: two\r\n\r\n",
	"HEAD /head HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /keep HTTP/1.1\r\nhost: localhost\r\nconnection: Keep-Alive\r\nUser-Agent: test\r\n\r\n",
	"GET /page HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nAccept-Encoding: gzip\r\n\r\n",
	"GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /same HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /hints HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /close HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /html HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n",
	"POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
	"GET /fwd HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
	"GET /forged HTTP/1.1\r\nHost: localhost\r\nX-Micro-Lane: 00000000000000000000000000000000\r\n\r\n",
	"GET /odd<path> HTTP/1.1\r\nHost: localhost\r\n\r\n",
	"GET /evil HTTP/1.1\r\nHost: evil.example\r\n\r\n",
	"GET /twohosts HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
	"GET /bad HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n\r\n",
	"GET /old HTTP/1.0\r\nHost: localhost\r\n\r\n",
}

// laneServes is what the lane answers itself; the rest is http.Server's.
// With the live-reload client injected, pages are not the lane's.
func laneServes(path string, inject bool) bool {
	switch path {
	case "/", "/a/b%2Fc", "/head", "/keep", "/nothing", "/same":
		return true
	case "/page", "/html":
		return !inject
	}
	return false
}

// Through the lane, the program sees every request, and the client gets
// every answer, exactly as through http.Server alone; the lane answers the
// plain ones itself and leaves the others to http.Server, the forged token
// included.
func TestLaneMatchesHTTPServer(t *testing.T) {
	restore := core.Dev()
	core.SetDev(true)
	defer core.SetDev(restore)
	for _, inject := range []bool{false, true} {
		t.Run(fmt.Sprintf("inject=%v", inject), func(t *testing.T) { laneMatches(t, inject) })
	}
}

func laneMatches(t *testing.T, inject bool) {
	hosts, err := NewHosts("localhost", nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) { c.Hosts, c.InjectReload = hosts, inject })
	h.app = echoApp(t)
	h.serving(1)
	var laned atomic.Int64
	h.s.onLane = func() { laned.Add(1) }
	lane, full := h.front(true), h.front(false)

	for _, raw := range laneRequests {
		target := strings.Fields(raw)[1]
		path, _, _ := strings.Cut(target, "?")
		before := laned.Load()
		viaLane := exchangeRaw(t, lane, []string{raw}, false)
		if got, want := laned.Load()-before, map[bool]int64{true: 1}[laneServes(path, inject)]; got != want {
			t.Errorf("%s: the lane answered %d requests, want %d", target, got, want)
		}
		laned.Store(0)
		viaFull := exchangeRaw(t, full, []string{raw}, false)
		if laned.Load() != 0 {
			t.Fatalf("the lane answered on a front without it")
		}
		if !slices.Equal(viaLane, viaFull) {
			t.Errorf("%s: through the lane\n%s\nthrough http.Server alone\n%s", target, strings.Join(viaLane, "\n--\n"), strings.Join(viaFull, "\n--\n"))
		}
		if len(viaLane) == 0 || strings.Contains(viaLane[0], "X-Micro-Lane") || strings.Contains(viaLane[0], "error: ") {
			t.Errorf("%s: answered %q", target, viaLane)
		}
	}
	// The Host check holds on both paths: through the lane, a foreign Host
	// is refused as it is without it.
	if got := exchangeRaw(t, lane, []string{"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"}, false); !strings.HasPrefix(got[0], "HTTP/1.1 403\n") || !strings.Contains(got[0], "--allow-host evil.example") {
		t.Errorf("a foreign Host through the lane got:\n%s", got[0])
	}
	if inject {
		if got := exchangeRaw(t, lane, []string{"GET /html HTTP/1.1\r\nHost: localhost\r\n\r\n"}, false); !strings.Contains(got[0], ReloadPath) {
			t.Errorf("the page through the lane has no live-reload client:\n%s", got[0])
		}
	}
	// The page drawn from the error data, after the lane sent the request.
	got := exchangeRaw(t, lane, []string{"GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n"}, false)
	if !strings.Contains(got[0], "loading profile: no such profile") || strings.Contains(got[0], errorHeader) {
		t.Errorf("the error page through the lane:\n%s", got[0])
	}
}

// Requests sent together on one connection are answered in order, the
// lane's and http.Server's alike, once the connection is handed over.
func TestLanePipelined(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = echoApp(t)
	h.serving(1)
	reqs := []string{
		"GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"HEAD /2 HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n", // sent by the lane, answered by http.Server
		"GET /4 HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"POST /5 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi",
		"GET /6 HTTP/1.1\r\nHost: localhost\r\n\r\n",
	}
	got := exchangeRaw(t, h.front(true), reqs, true)
	want := exchangeRaw(t, h.front(false), reqs, true)
	if len(got) != len(reqs) || !slices.Equal(got, want) {
		t.Fatalf("pipelined through the lane:\n%s\nthrough http.Server alone:\n%s", strings.Join(got, "\n--\n"), strings.Join(want, "\n--\n"))
	}
	for i, path := range []string{"GET /1 ", "HEAD /2 ", "GET /stream ", "GET /4 ", "POST /5 ", "GET /6 "} {
		if i != 1 && !strings.Contains(got[i], path) {
			t.Errorf("answer %d is not to %q:\n%s", i+1, path, got[i])
		}
	}
}

// A program slow to answer is left to http.Server, which notices a client
// that goes away and ends the program's request.
func TestLaneSlowAnswerClientGone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ended := make(chan struct{})
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		close(ended)
	})
	h.serving(1)
	conn, err := net.Dial("tcp", h.front(true))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
	time.Sleep(300 * time.Millisecond) // past laneAnswerWait
	conn.Close()
	select {
	case <-ended:
	case <-time.After(wait):
		t.Fatal("the program's request went on after its client went away")
	}
}

// A kept connection the program closed is sent on again, once, on a new
// one: the client sees no error, the program one request.
func TestLaneRetriesClosedConnection(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var n atomic.Int64
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, n.Add(1))
	})
	c := h.serving(1)
	addr := h.front(true)
	if got := exchangeRaw(t, addr, []string{"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"}, false); !strings.HasSuffix(got[0], "\n\n1") {
		t.Fatalf("first answer %q", got)
	}
	c.srv.CloseClientConnections() // the lane's kept connection too
	got := exchangeRaw(t, addr, []string{"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"}, false)
	if !strings.HasPrefix(got[0], "HTTP/1.1 200") || !strings.HasSuffix(got[0], "\n\n2") {
		t.Fatalf("after the program closed the kept connection: %q", got)
	}
}

// While a reload is under way the lane sends nothing: the request waits in
// http.Server for the new build, as every request does.
func TestLaneWaitsForReload(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1)
	var laned atomic.Int64
	h.s.onLane = func() { laned.Add(1) }
	addr := h.front(true)
	h.change("main.go")
	b := h.nextBuild(2)
	got := make(chan []string, 1)
	go func() { got <- exchangeRaw(t, addr, []string{"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"}, false) }()
	h.held()
	b.finish(nil)
	h.nextChild(2)
	if r := <-got; !strings.HasSuffix(r[0], "\n\ngen 2") {
		t.Fatalf("the held request got %q, want the new build's answer", r)
	}
	if laned.Load() != 0 {
		t.Errorf("the lane answered a request held for a reload")
	}
	if r := exchangeRaw(t, addr, []string{"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"}, false); !strings.HasSuffix(r[0], "\n\ngen 2") || laned.Load() != 1 {
		t.Fatalf("after the reload: %q, lane answered %d", r, laned.Load())
	}
}

// Shutdown closes the lane's idle connections and stops accepting.
func TestLaneShutdown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, sln := stableServer(h.s, ln, testWindow, true)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sln) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve returned %v", err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("the idle connection was not closed: %v", err)
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Errorf("the address still accepts after Shutdown")
	}
}

// A handed-over connection half-closes as the one under it does: the
// client reads the end of the answer, and the server can still read.
func TestReplayConnHalfCloses(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	rc := &replayConn{Conn: server, replay: []byte("replayed ")}
	defer rc.Close()
	rc.SetDeadline(time.Now().Add(wait))
	client.SetDeadline(time.Now().Add(wait))
	if _, err := rc.ReadFrom(strings.NewReader("answer")); err != nil {
		t.Fatal(err)
	}
	if err := rc.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(client); string(got) != "answer" || err != nil {
		t.Fatalf("the client read %q, %v; want the answer, then the end", got, err)
	}
	io.WriteString(client, "still")
	client.Close()
	if got, err := io.ReadAll(rc); string(got) != "replayed still" || err != nil {
		t.Fatalf("after the half-close the server read %q, %v", got, err)
	}
}

func TestLaneParse(t *testing.T) {
	hosts, err := NewHosts("localhost", []string{"app.test"})
	if err != nil {
		t.Fatal(err)
	}
	l := &lane{s: &Server{cfg: Config{Hosts: hosts, InjectReload: true}}}
	for head, want := range map[string]bool{
		"GET / HTTP/1.1\r\nHost: localhost:3000\r\n\r\n":                                                true,
		"HEAD /x?y=%41 HTTP/1.1\r\nHost: app.test\r\nConnection: keep-alive\r\n\r\n":                    true,
		"GET / HTTP/1.1\r\nHost: [::1]:3000\r\nAccept: image/png\r\n\r\n":                               true,
		"GET / HTTP/1.1\r\nHost: other.test\r\n\r\n":                                                    false, // not allowed
		"GET / HTTP/1.1\r\n\r\n":                                                                        false, // no Host
		"GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n":                                false, // a page to inject into
		"POST / HTTP/1.1\r\nHost: localhost\r\n\r\n":                                                    false,
		"GET http://localhost/ HTTP/1.1\r\nHost: localhost\r\n\r\n":                                     false,
		"GET /__micro/reload HTTP/1.1\r\nHost: localhost\r\n\r\n":                                       false,
		"GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n":                                                  false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n":                                false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nConnection: keep-alive\r\n\r\n": false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n\r\n":                               false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n":                       false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n":                                false,
		"GET / HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n":                                          false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nX: a\x00b\r\n\r\n":                                        false,
		"GET / HTTP/1.1\r\nHost: local host\r\n\r\n":                                                    false,
		"GET / HTTP/1.1\r\nHost: localhost\r\nForwarded: for=1.2.3.4\r\n\r\n":                           false,
	} {
		if _, got := l.parse([]byte(head)); got != want {
			t.Errorf("parse(%q) = %v, want %v", head, got, want)
		}
	}
}

func TestLanePlainAnswer(t *testing.T) {
	for _, c := range []struct {
		answer string
		head   bool
		n      int64
		plain  bool
	}{
		{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 5, true},
		{"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", false, 0, true},
		{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true, 0, true},
		{"HTTP/1.1 204 No Content\r\n\r\n", false, 0, true},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, 0, false},
		{"HTTP/1.1 200 OK\r\n\r\nuntil close", false, 0, false},
		{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", false, 0, false},
		{"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nX-Micro-Error: 1\r\n\r\n{}", false, 0, false},
		{"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n", false, 0, false},
		{"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 0, false},
		{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", false, 0, false},
	} {
		br := bufio.NewReaderSize(strings.NewReader(c.answer), laneBuffer)
		headLen, n, plain := plainAnswer(br, c.head, false)
		if n != c.n || plain != c.plain {
			t.Errorf("plainAnswer(%q, head %v) = %d, %v; want %d, %v", c.answer, c.head, n, plain, c.n, c.plain)
		}
		if want := strings.Index(c.answer, "\r\n\r\n") + 4; plain && headLen != want {
			t.Errorf("plainAnswer(%q): head of %d bytes, want %d", c.answer, headLen, want)
		}
		if br.Buffered() != len(c.answer) {
			t.Errorf("plainAnswer(%q) consumed what it read", c.answer)
		}
	}
}
