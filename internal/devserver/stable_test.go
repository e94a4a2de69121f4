package devserver

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

// testWindow is the progress window of these tests: short, so that a
// trickling client is cut off soon, and far longer than the pauses of a
// steady client on a loaded machine.
const testWindow = time.Second

// stableFront serves h's Server as micro-dev's stable address does, with
// a short progress window.
func (h *harness) stableFront() string { return h.front(true) }

// front serves h's Server as stableFront does, with or without the lane.
func (h *harness) front(lane bool) string {
	h.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	srv, sln := stableServer(h.s, ln, testWindow, lane)
	go srv.Serve(sln)
	h.t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// countingApp answers with the number of body bytes it read.
var countingApp = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	n, err := io.Copy(io.Discard, r.Body)
	if err != nil {
		return
	}
	io.WriteString(w, strconv.FormatInt(n, 10))
})

// A client that trickles a body, a byte every 10ms, is cut off: it does
// not hold micro-dev's connection (and the program's) forever.
func TestTricklingBodyIsCutOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.app = countingApp
	h.serving(1)
	conn, err := net.Dial("tcp", h.stableFront())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait)) // a safety net, not the test
	fmt.Fprint(conn, "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048576\r\n\r\n")
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
	if !strings.HasPrefix(string(got), "HTTP/1.1 400 Bad Request\r\n") || !strings.HasSuffix(string(got), "\r\n\r\nInvalid body") {
		t.Fatalf("the trickling client got %q, want 400 Invalid body", got)
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

// A steady upload longer than the window, and a stream longer than it
// after the body, go on.
func TestSteadyUploadAndLongStreamAreNotCutOff(t *testing.T) {
	t.Parallel()
	const chunks = 2 * int(testWindow/(20*time.Millisecond))
	h := newHarness(t, nil)
	h.app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/stream" {
			countingApp(w, r)
			return
		}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range chunks {
			<-tick.C
			io.WriteString(w, "chunk\n")
			w.(http.Flusher).Flush()
		}
	})
	h.serving(1)
	addr := h.stableFront()
	body := &pacedBody{chunk: []byte(strings.Repeat("u", 16<<10)), n: chunks, tick: time.NewTicker(20 * time.Millisecond)}
	defer body.tick.Stop()
	req, _ := http.NewRequest("POST", "http://"+addr+"/upload", body)
	req.ContentLength = int64(chunks * len(body.chunk))
	res, err := (&http.Client{Timeout: wait}).Do(req)
	if err != nil {
		t.Fatalf("the steady upload failed: %v", err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := strconv.FormatInt(req.ContentLength, 10); res.StatusCode != 200 || string(got) != want {
		t.Errorf("upload: %d %q, want 200 %q", res.StatusCode, got, want)
	}
	res, err = (&http.Client{Timeout: wait}).Get("http://" + addr + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	got, err = io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || strings.Count(string(got), "chunk\n") != chunks {
		t.Errorf("stream: %d chunks of %d, err %v", strings.Count(string(got), "chunk\n"), chunks, err)
	}
}
