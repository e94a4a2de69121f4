package core_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestMain(m *testing.M) {
	// Tests that want development mode turn it on themselves; the value
	// inherited from the environment must not change what the rest see.
	if os.Getenv("CORE_TEST_DEV_FROM_ENV") == "" {
		core.SetDev(false)
	}
	os.Exit(m.Run())
}

// serve starts a real server for h, closed when the test ends.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// fetch makes one request and returns the response with its whole body.
func fetch(t *testing.T, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return res, string(b)
}

// record serves one request on h without a network.
func record(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// devMode sets development mode for one (sequential) test.
func devMode(t *testing.T, on bool) {
	t.Helper()
	old := core.Dev()
	core.SetDev(on)
	t.Cleanup(func() { core.SetDev(old) })
}

// captureStderr collects what is written to os.Stderr until the returned
// function is called. Only for sequential tests: os.Stderr is global.
func captureStderr(t *testing.T) func() string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = w
	var (
		wg  sync.WaitGroup
		out strings.Builder
	)
	wg.Go(func() { _, _ = io.Copy(&out, r) })
	var once sync.Once
	stop := func() string {
		once.Do(func() {
			os.Stderr = old
			_ = w.Close()
			wg.Wait()
			_ = r.Close()
		})
		return out.String()
	}
	t.Cleanup(func() { stop() })
	return stop
}

func itoa(n int) string { return strconv.Itoa(n) }

func farFuture() time.Time { return time.Now().Add(time.Hour) }
