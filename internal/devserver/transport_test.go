package devserver

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connsSeen is a child app that notes the proxy connection each request
// came on.
type connsSeen struct {
	mu    sync.Mutex
	addrs map[string]int
}

func (c *connsSeen) note(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.addrs == nil {
		c.addrs = map[string]int{}
	}
	c.addrs[r.RemoteAddr]++
}

func (c *connsSeen) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.addrs)
}

// Requests one after the other travel on one kept connection to the
// child, whatever the answer: with a body, without one (HEAD, 204, 304).
func TestKeptConnectionIsReused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var seen connsSeen
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.note(r)
		switch r.URL.Path {
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/same":
			w.WriteHeader(http.StatusNotModified)
		case "/chunked":
			io.WriteString(w, "part one ")
			w.(http.Flusher).Flush()
			io.WriteString(w, "part two")
		default:
			io.WriteString(w, "hello")
		}
	})
	h.serving(1)
	want := map[string]response{
		"/":        {status: 200, body: "hello"},
		"/empty":   {status: 204},
		"/same":    {status: 304},
		"/chunked": {status: 200, body: "part one part two"},
	}
	for range 5 {
		for path, w := range want {
			if got := h.get(path, ""); got.status != w.status || got.body != w.body {
				t.Fatalf("GET %s = %d %q, want %d %q", path, got.status, got.body, w.status, w.body)
			}
		}
		res, err := http.Head(h.url + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("HEAD / = %d", res.StatusCode)
		}
	}
	if n := seen.count(); n != 1 {
		t.Errorf("25 requests in a row came on %d connections to the child, want 1", n)
	}
}

// A kept connection the child has closed meanwhile (its idle timeout, or
// a restart of its server) costs the next request nothing: it is sent
// again on a new connection rather than answered 502.
func TestClosedKeptConnectionIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c := h.serving(1)
	for i := range 3 {
		if got := h.get("/", ""); got.status != 200 || got.body != "gen 1" {
			t.Fatalf("request %d: %d %q", i, got.status, got.body)
		}
		c.srv.CloseClientConnections() // the kept connection is closed by the child
	}
}

// A client that goes away while the child streams to it cuts the stream:
// the child's request ends, as it does without a proxy.
func TestClientGoneEndsTheChildsRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ended := make(chan struct{})
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		close(ended)
	})
	h.serving(1)
	c := h.rawConn()
	io.WriteString(c, "GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the stream: %v", err)
		}
		if strings.HasPrefix(line, "first") {
			break
		}
	}
	c.Close()
	select {
	case <-ended:
	case <-time.After(wait):
		t.Fatal("the child's request went on after its client went away")
	}
}

// A 103 Early Hints answer reaches the client before the final one, and
// trailers after the body.
func TestEarlyHintsAndTrailersPassThrough(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("Trailer", "X-Checksum")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "page")
		w.Header().Set("X-Checksum", "abc")
	})
	h.serving(1)
	var hints []string
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, header textproto.MIMEHeader) error {
		hints = append(hints, http.StatusText(code)+" "+header.Get("Link"))
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", h.url+"/", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || string(body) != "page" {
		t.Fatalf("body %q, %v", body, err)
	}
	if len(hints) != 1 || hints[0] != "Early Hints </app.css>; rel=preload; as=style" {
		t.Errorf("1xx answers seen: %q", hints)
	}
	if got := res.Trailer.Get("X-Checksum"); got != "abc" {
		t.Errorf("trailer X-Checksum = %q, want abc", got)
	}
}

// Requests with a body take http.Transport, and still reach the child
// whole.
func TestBodyTakesTheOtherPath(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = countingApp
	h.serving(1)
	for _, size := range []int{1, 64 << 10, 1 << 20} {
		res, err := http.Post(h.url+"/upload", "text/plain", strings.NewReader(strings.Repeat("x", size)))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(body) != strconv.Itoa(size) {
			t.Errorf("POST of %d bytes: %d %q", size, res.StatusCode, body)
		}
	}
}

// A child that switches protocols on a plain GET gets a 502 for it, and
// its connection, now in another protocol, is not kept for the next
// request.
func TestUnaskedSwitchIsNotKept(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/switch" {
			io.WriteString(w, "plain")
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: Upgrade\r\n\r\n")
		brw.Flush()
		time.Sleep(50 * time.Millisecond) // the rest comes later, as another protocol's would
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale")
		brw.Flush()
		time.Sleep(time.Second)
	})
	h.serving(1)
	if got := h.get("/switch", ""); got.status != http.StatusBadGateway {
		t.Fatalf("GET /switch = %d %q, want 502", got.status, got.body)
	}
	time.Sleep(100 * time.Millisecond) // the stale answer has arrived
	for i := range 3 {
		if got := h.get("/", ""); got.status != 200 || got.body != "plain" {
			t.Fatalf("request %d after the switch: %d %q, want 200 plain", i, got.status, got.body)
		}
	}
}

// The program sees the Accept-Encoding the client sent, and no other, on
// both paths: the proxy neither asks for gzip on its own nor undoes it.
func TestAcceptEncodingIsTheClients(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Method+" accept-encoding="+r.Header.Get("Accept-Encoding"))
	})
	h.serving(1)
	for _, method := range []string{"GET", "POST"} {
		for _, ae := range []string{"", "br"} {
			var body io.Reader
			if method == "POST" {
				body = strings.NewReader("body")
			}
			req, _ := http.NewRequest(method, h.url+"/", body)
			if ae != "" {
				req.Header.Set("Accept-Encoding", ae)
			}
			// A transport that asks for nothing itself, as curl does.
			res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if want := method + " accept-encoding=" + ae; string(got) != want {
				t.Errorf("%s with Accept-Encoding %q: the program saw %q, want %q", method, ae, got, want)
			}
		}
	}
}

// A child that cuts its answer short, on a kept connection, has run the
// handler: the request is not sent again, and the client gets 502.
func TestCutAnswerIsNotRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var calls atomic.Int32
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cut" {
			io.WriteString(w, "plain")
			return
		}
		calls.Add(1)
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		brw.WriteString("HTTP/1.1 200 OK\r\nX-Partial: yes\r\n")
		brw.Flush()
		conn.Close()
	})
	h.serving(1)
	if got := h.get("/", ""); got.status != 200 { // a kept connection to reuse
		t.Fatalf("GET / = %d %q", got.status, got.body)
	}
	if got := h.get("/cut", ""); got.status != http.StatusBadGateway {
		t.Errorf("GET /cut = %d %q, want 502", got.status, got.body)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the handler of /cut ran %d times, want once", n)
	}
}
