//go:build unix

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// get requests url with client (nil: a fresh default client) and returns
// the status and body.
func get(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	if client == nil {
		client = &http.Client{Transport: &http.Transport{}}
	}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// stopped sends sig to micro and checks that it drains and exits 0.
func stopped(t *testing.T, r *microProc, sig syscall.Signal) {
	t.Helper()
	r.signal(t, sig)
	if code := r.wait(t); code != 0 {
		t.Errorf("exit status %d after %v, want 0; stderr:\n%s", code, sig, r.stderr)
	}
	if !strings.Contains(r.stderr.String(), "micro: Gracefully shutting down. Please wait...\n") {
		t.Errorf("stderr lacks the shutdown line:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr.String(), "goroutine ") {
		t.Errorf("stderr shows a Go stack:\n%s", r.stderr)
	}
}

func TestServeShapes(t *testing.T) {
	t.Parallel()
	tests := []struct{ fixture, body string }{
		{"testdata/hello", "Welcome to Micro"},
		// Compact JSON: MICRO_ENV=development is not passed on.
		{"testdata/shapes/funcvar", `{"shape":"core.Func"}`},
		{"testdata/shapes/funcdecl", "shape: func(w, r) (any, error)"},
		{"testdata/shapes/handlerfunc", "shape: http.HandlerFunc"},
		{"testdata/shapes/plain", "shape: func(w, r)"},
		{"testdata/shapes/handler", "shape: http.Handler"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.fixture), func(t *testing.T) {
			t.Parallel()
			untouched(t, tt.fixture)
			r := startMicro(t, moduleRoot(t), []string{"MICRO_ENV=development"}, "-l", "tcp://127.0.0.1:0", "./"+tt.fixture)
			status, body := get(t, nil, r.url(t))
			if status != 200 || strings.TrimSpace(body) != tt.body {
				t.Errorf("GET / = %d %q, want 200 %q", status, body, tt.body)
			}
			stopped(t, r, syscall.SIGTERM)
		})
	}
}

func TestServeSeveralEndpoints(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/hello")
	// A short directory: unix socket paths are limited to ~100 bytes.
	dir, err := os.MkdirTemp("", "mu")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "h.sock")

	r := startMicro(t, moduleRoot(t), nil, "-l", "tcp://127.0.0.1:0", "--listen", "unix:"+sock, "./testdata/hello")
	url := r.stderr.wait(t, regexp.MustCompile(`^micro: Accepting connections on (http://\S+)$`), r.exited)[1]
	r.stderr.wait(t, regexp.MustCompile(`^micro: Accepting connections on unix:`+regexp.QuoteMeta(sock)+`$`), r.exited)

	if status, body := get(t, nil, url); status != 200 || body != "Welcome to Micro" {
		t.Errorf("GET %s = %d %q", url, status, body)
	}
	unix := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}}
	if status, body := get(t, unix, "http://unix/"); status != 200 || body != "Welcome to Micro" {
		t.Errorf("GET over %s = %d %q", sock, status, body)
	}
	stopped(t, r, syscall.SIGINT)
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func TestServeEnvironment(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	tests := []struct {
		name string
		env  []string
		url  string // "": the one micro prints
	}{
		{"PORT", []string{"PORT=" + port, "MICRO_LISTEN="}, "http://127.0.0.1:" + port + "/"},
		{"MICRO_LISTEN", []string{"MICRO_LISTEN=tcp://127.0.0.1:0", "PORT=1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := startMicro(t, moduleRoot(t), tt.env, "./testdata/hello")
			url := r.url(t)
			if tt.url != "" {
				if !strings.HasSuffix(url, ":"+port) {
					t.Errorf("micro listens on %s, want port %s", url, port)
				}
				url = tt.url
			}
			if status, body := get(t, nil, url); status != 200 || body != "Welcome to Micro" {
				t.Errorf("GET %s = %d %q", url, status, body)
			}
			stopped(t, r, syscall.SIGTERM)
		})
	}
}

func TestServeMainPackage(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/mainpkg")
	r := startMicro(t, moduleRoot(t), nil, "-l", "tcp://127.0.0.1:0", "./testdata/mainpkg")
	port := r.stderr.wait(t, regexp.MustCompile(`^mainpkg: listening on http://\S*:(\d+)$`), r.exited)[1]
	status, body := get(t, nil, "http://127.0.0.1:"+port+"/")
	if want := "mainpkg MICRO_LISTEN=tcp://127.0.0.1:0 PORT=0"; status != 200 || body != want {
		t.Errorf("GET = %d %q, want 200 %q", status, body, want)
	}
	// A plain main dies of SIGTERM: micro asked for it, so that is a clean stop.
	stopped(t, r, syscall.SIGTERM)
}

// slowRequest starts POST /slow on the funcdecl fixture with a body the
// test holds open, and waits until the handler runs. It returns the body's
// writer and a channel with the response (or the error).
func slowRequest(t *testing.T, r *microProc, url string) (*io.PipeWriter, <-chan string) {
	t.Helper()
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	result := make(chan string, 1)
	go func() {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Post(url+"/slow", "text/plain", pr)
		if err != nil {
			result <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		result <- resp.Status + " " + string(body)
	}()
	r.stdout.wait(t, regexp.MustCompile(`^funcdecl: slow request started$`), r.exited)
	return pw, result
}

func TestServeSIGTERMMidRequest(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/shapes/funcdecl")
	r := startMicro(t, moduleRoot(t), nil, "-l", "tcp://127.0.0.1:0", "./testdata/shapes/funcdecl")
	body, result := slowRequest(t, r, r.url(t))

	r.signal(t, syscall.SIGTERM)
	r.stderr.wait(t, regexp.MustCompile(`^micro: Gracefully shutting down\. Please wait\.\.\.$`), r.exited)
	select {
	case <-r.exited:
		t.Fatalf("micro exited with a request in flight; stderr:\n%s", r.stderr)
	default:
	}
	io.WriteString(body, "abc")
	body.Close()
	if got, want := <-result, "200 OK slow request read 3 bytes"; got != want {
		t.Errorf("the in-flight request got %q, want %q", got, want)
	}
	if code := r.wait(t); code != 0 {
		t.Errorf("exit status %d, want 0; stderr:\n%s", code, r.stderr)
	}
}

func TestServeSecondSignal(t *testing.T) {
	t.Parallel()
	r := startMicro(t, moduleRoot(t), nil, "-l", "tcp://127.0.0.1:0", "./testdata/shapes/funcdecl")
	url := r.url(t)
	body, result := slowRequest(t, r, url)

	r.signal(t, syscall.SIGTERM)
	r.stderr.wait(t, regexp.MustCompile(`^micro: Gracefully shutting down\. Please wait\.\.\.$`), r.exited)
	r.signal(t, syscall.SIGINT)
	if code := r.wait(t); code != 1 {
		t.Errorf("exit status %d after a second signal, want 1", code)
	}
	if !strings.Contains(r.stderr.String(), "micro: second signal: stopping the server at once\n") {
		t.Errorf("stderr lacks the second-signal line:\n%s", r.stderr)
	}
	// The client notices the lost connection once it stops sending.
	body.CloseWithError(io.ErrUnexpectedEOF)
	if got := <-result; !strings.HasPrefix(got, "error: ") {
		t.Errorf("the request cut short got %q, want an error", got)
	}
	// micro reaps its child before exiting: nothing listens any more.
	if conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://")); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after micro exited", url)
	}
}
