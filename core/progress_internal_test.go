package core

// Slow request bodies, end to end over loopback: a client that trickles a
// body is cut off; a steady upload and a long streamed response, both
// longer than the progress window, are not.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testWindow is the progress window in these tests: short, so that a
// trickling client is cut off soon, and still far longer than the pauses
// of a steady client on a loaded machine.
const testWindow = time.Second

func startProgressServe(t *testing.T, h http.Handler) string {
	t.Helper()
	s := startServeConfig(t, h, serveConfig{
		getenv:            func(string) string { return "" },
		readHeaderTimeout: time.Minute,
		idleTimeout:       time.Minute,
		progressWindow:    testWindow,
		minProgress:       minProgress,
	}, nil, "tcp://127.0.0.1:0")
	return strings.TrimPrefix(s.urls[0], "http://")
}

// trickle sends a request with a body announced as size bytes and then
// sends one byte every 10ms, about 100 bytes per second, until the server
// closes the connection; it returns what the server answered.
func trickle(t *testing.T, addr string, size int) string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(wait)) // a safety net, not the test
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	got, err := io.ReadAll(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the trickling client was not cut off; it got %q", got)
	}
	return string(got)
}

func TestTricklingBodyIsCutOff(t *testing.T) {
	t.Parallel()
	readErr := make(chan error, 1)
	addr := startProgressServe(t, Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		_, err := io.ReadAll(r.Body)
		readErr <- err
		return "cut off", nil
	}))
	trickle(t, addr, 1<<20)
	if err := <-readErr; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the handler's read ended with %v, want a deadline", err)
	}
}

// The server reads what is left of a small body after the handler
// returns; that read is bounded too.
func TestTricklingUnreadBodyIsCutOff(t *testing.T) {
	t.Parallel()
	addr := startProgressServe(t, hello)
	if got := trickle(t, addr, 100<<10); !strings.HasPrefix(got, "HTTP/1.1 200 OK") && got != "" {
		t.Errorf("answer = %q", got)
	}
}

// pacedBody is an upload of n chunks, one every 20ms: steady, and longer
// than the progress window by construction.
type pacedBody struct {
	chunk []byte
	n     int
	tick  *time.Ticker
}

func (b *pacedBody) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	<-b.tick.C
	b.n--
	return copy(p, b.chunk), nil
}

func TestSteadyUploadIsNotCutOff(t *testing.T) {
	t.Parallel()
	addr := startProgressServe(t, Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			return nil, err
		}
		return strconv.FormatInt(n, 10), nil
	}))
	const chunks = 2 * int(testWindow/(20*time.Millisecond))
	body := &pacedBody{chunk: []byte(strings.Repeat("u", 16<<10)), n: chunks, tick: time.NewTicker(20 * time.Millisecond)}
	defer body.tick.Stop()
	req, err := http.NewRequest("POST", "http://"+addr+"/", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(chunks * len(body.chunk))
	res, err := (&http.Client{Timeout: wait}).Do(req)
	if err != nil {
		t.Fatalf("the steady upload failed: %v", err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if want := strconv.FormatInt(req.ContentLength, 10); res.StatusCode != 200 || string(got) != want {
		t.Errorf("got %d %q, want 200 %q", res.StatusCode, got, want)
	}
}

// A handler that has read its body and then streams for longer than the
// window keeps its connection and its context.
func TestLongStreamIsNotCutOff(t *testing.T) {
	t.Parallel()
	const chunks = 2 * int(testWindow/(20*time.Millisecond))
	addr := startProgressServe(t, Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return nil, err
		}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for i := range chunks {
			select {
			case <-r.Context().Done():
				return nil, fmt.Errorf("stream cut at chunk %d: %w", i, r.Context().Err())
			case <-tick.C:
			}
			_, _ = io.WriteString(w, "chunk\n")
			w.(http.Flusher).Flush()
		}
		return nil, nil
	}))
	res, err := (&http.Client{Timeout: wait}).Post("http://"+addr+"/", "text/plain", strings.NewReader(strings.Repeat("b", 64<<10)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil || strings.Count(string(got), "chunk\n") != chunks {
		t.Errorf("got %d chunks of %d, err %v", strings.Count(string(got), "chunk\n"), chunks, err)
	}
}

// A hijacked connection (a WebSocket) is its new owner's: it may stay
// quiet for longer than the window.
func TestHijackedConnIsNotCutOff(t *testing.T) {
	t.Parallel()
	addr := startProgressServe(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\n\r\n")
		_ = brw.Flush()
		line, err := brw.ReadString('\n')
		if err != nil {
			return
		}
		_, _ = conn.Write([]byte("echo " + line))
	}))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(wait))
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n")
	buf := make([]byte, 64)
	n, err := conn.Read(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 101") {
		t.Fatalf("upgrade: %q %v", buf[:n], err)
	}
	<-time.After(testWindow * 3 / 2) // quiet for longer than the window
	fmt.Fprint(conn, "ping\n")
	got, _ := io.ReadAll(conn)
	if string(got) != "echo ping\n" {
		t.Errorf("after a quiet spell the hijacked connection answered %q", got)
	}
}
