package devserver

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed-1b2dc2de/micro/runner"
)

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		host, origin string
		want         bool
	}{
		{"localhost:3000", "", true},
		{"localhost:3000", "http://localhost:3000", true},
		{"localhost:3000", "http://LOCALHOST:3000", true},
		{"localhost:3000", "https://localhost:3000", true}, // TLS ended in front
		{"localhost", "http://localhost:80", true},
		{"localhost:80", "http://localhost", true},
		{"tunnel.example", "https://tunnel.example", true},
		{"localhost.:3000", "http://localhost:3000", true},
		{"localhost:3000", "http://localhost:3001", false},
		{"localhost:3000", "https://evil.example", false},
		{"localhost:3000", "http://evil.example:3000", false},
		{"localhost:3000", "null", false},
		{"localhost:3000", "file://", false},
		{"localhost:3000", "chrome-extension://abc", false},
		{"localhost:3000", "http://localhost:3000/x", false},
		{"localhost:3000", "http://user@localhost:3000", false},
	} {
		r := httptest.NewRequest("GET", "/__micro/reload", nil)
		r.Host = tt.host
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		if got := sameOrigin(r); got != tt.want {
			t.Errorf("Host %q, Origin %q: same origin %v, want %v", tt.host, tt.origin, got, tt.want)
		}
	}
	r := httptest.NewRequest("GET", "/__micro/reload", nil)
	r.Header.Add("Origin", "http://example.com")
	r.Header.Add("Origin", "http://example.com")
	if sameOrigin(r) {
		t.Error("two Origin headers passed")
	}
}

// The live-reload stream, and every /__micro/ path, refuses another site;
// the program's own paths are its business.
func TestOwnEndpointsRefuseOtherOrigins(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.serving(1)
	do := func(method, path, origin string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, h.url+path, nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // a stream ends on our side: the test is its status
		return resp
	}
	for _, tt := range []struct {
		method, path, origin string
		want                 int
	}{
		{"GET", ReloadPath, "https://evil.example", 403},
		{"GET", ReloadPath, "null", 403},
		{"POST", "/__micro/restart", "https://evil.example", 403},
		{"GET", ReloadPath, "", 200},
		{"GET", ReloadPath, h.url, 200},
		{"GET", "/api", "https://evil.example", 200},
	} {
		if got := do(tt.method, tt.path, tt.origin); got.StatusCode != tt.want {
			t.Errorf("%s %s from %q: %d, want %d", tt.method, tt.path, tt.origin, got.StatusCode, tt.want)
		}
		if got := do(tt.method, tt.path, tt.origin); got.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s %s carries Access-Control-Allow-Origin", tt.method, tt.path)
		}
	}
}

// micro-dev's pages never carry Access-Control-Allow-Origin, even when a
// middleware or the program's error response set one.
func TestErrorDataCarriesNoCORS(t *testing.T) {
	t.Parallel()
	cors := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, func(c *Config) { c.Middleware = []func(http.Handler) http.Handler{cors} })
	h.nextBuild(1).finish(&runner.BuildError{Diagnostics: []runner.Diagnostic{{File: "/src/a.go", Line: 1, Col: 1, Message: "boom"}}})
	h.event("build failed")
	for _, accept := range []string{"text/html", "application/json", ""} {
		if r := h.get("/", accept); r.status != 500 || r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("Accept %q: %d, Access-Control-Allow-Origin %q on the compile page", accept, r.status, r.header.Get("Access-Control-Allow-Origin"))
		}
	}
}

// core's development errors lose the header on their way; the program's
// other responses keep theirs.
func TestRuntimePageDropsCORS(t *testing.T) { // not parallel: core.SetDev
	s := &Server{cfg: Config{ModuleRoot: t.TempDir()}}
	for _, accept := range []string{"text/html", "application/json", "text/plain"} {
		resp := coreError(t, accept)
		resp.Header.Set("Access-Control-Allow-Origin", "*")
		if err := s.runtimePage(resp); err != nil {
			t.Fatal(err)
		}
		if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
			t.Errorf("Accept %q: core's error reached the client with Access-Control-Allow-Origin %q", accept, v)
		}
	}
	ok := &http.Response{StatusCode: 200, Header: http.Header{"Access-Control-Allow-Origin": {"*"}}}
	if err := s.runtimePage(ok); err != nil || ok.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("the program's own CORS header was touched: %v", ok.Header)
	}
}
