package core_test

// Development mode is process-wide, so these tests are not parallel: they
// run before the parallel tests start.

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestDevPrettyJSON(t *testing.T) {
	devMode(t, true)
	rec := record(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return map[string]string{"woot": "yes"}, nil
	}), mustRequest(t, "GET", "/", ""))
	if got, want := rec.Body.String(), "{\n  \"woot\": \"yes\"\n}"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

// devErrorHandler fails in the ways the dev tests look at.
func devErrorHandler(w http.ResponseWriter, r *http.Request) (any, error) {
	switch r.URL.Path {
	case "/custom":
		return nil, errors.New("Custom <script>alert(1)</script>")
	case "/status":
		return nil, core.Error(503, "Custom", errors.New("db down"))
	case "/client":
		return nil, core.Error(400, "Bad input", errors.New("field x"))
	case "/panic":
		panicHere()
	}
	return "ok", nil
}

func panicHere() { panic("dev panic") }

func TestDevErrorText(t *testing.T) {
	devMode(t, true)
	tests := []struct {
		path, accept string
		wantStatus   int
		wantPrefix   string
		wantIn       []string
	}{
		// A plain error records no stack: the page points at the Func
		// that returned it, then at what called the Func.
		{"/custom", "text/plain", 500, "Internal Server Error\n\nCustom <script>alert(1)</script>\n\ngithub.com/seed-1b2dc2de/micro/core_test.devErrorHandler\n", []string{"dev_test.go:29", "core_test.TestDevErrorText"}},
		{"/custom", "", 500, "Internal Server Error\n\nCustom", nil},
		{"/custom", "*/*", 500, "Internal Server Error\n\nCustom", nil},
		{"/status", "text/plain", 503, "Custom\n\nCustom: db down\n\n", []string{"core_test.devErrorHandler", "dev_test.go:"}},
		{"/panic", "", 500, "Internal Server Error\n\npanic: dev panic\n\ngithub.com/seed-1b2dc2de/micro/core_test.panicHere\n", []string{"dev_test.go:"}},
		{"/client", "text/plain", 400, "Bad input", nil}, // 4xx: as in production
	}
	for _, tt := range tests {
		req := mustRequest(t, "GET", tt.path, "")
		if tt.accept != "" {
			req.Header.Set("Accept", tt.accept)
		}
		rec := record(core.Func(devErrorHandler), req)
		body := rec.Body.String()
		if rec.Code != tt.wantStatus || !strings.HasPrefix(body, tt.wantPrefix) {
			t.Errorf("%s: got %d %q, want %d and a body starting %q", tt.path, rec.Code, body, tt.wantStatus, tt.wantPrefix)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("%s: Content-Type = %q", tt.path, ct)
		}
		for _, want := range tt.wantIn {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body lacks %q:\n%s", tt.path, want, body)
			}
		}
		if tt.wantStatus < 500 && body != tt.wantPrefix {
			t.Errorf("%s: a client error carries more than its message: %q", tt.path, body)
		}
	}
}

func TestDevErrorJSON(t *testing.T) {
	devMode(t, true)
	for _, tt := range []struct {
		path, accept string
		status       int
		message      string
		stackHas     string
	}{
		{"/custom", "application/json", 500, "Internal Server Error", "Custom <script>"},
		{"/status", "application/problem+json", 503, "Custom", "Custom: db down"},
		{"/panic", "text/html;q=0.5, application/json", 500, "Internal Server Error", "core_test.panicHere"},
	} {
		req := mustRequest(t, "GET", tt.path, "")
		req.Header.Set("Accept", tt.accept)
		rec := record(core.Func(devErrorHandler), req)
		var got struct {
			Error struct {
				Status  int    `json:"status"`
				Message string `json:"message"`
				Stack   string `json:"stack"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v in %q", tt.path, err, rec.Body.String())
		}
		if rec.Code != tt.status || got.Error.Status != tt.status || got.Error.Message != tt.message ||
			!strings.Contains(got.Error.Stack, tt.stackHas) || !strings.Contains(got.Error.Stack, "dev_test.go:") {
			t.Errorf("%s: got %d %+v", tt.path, rec.Code, got)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type = %q", tt.path, ct)
		}
	}
}

func TestDevErrorHTML(t *testing.T) {
	devMode(t, true)
	req := mustRequest(t, "GET", "/custom", "")
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	rec := record(core.Func(devErrorHandler), req)
	body := rec.Body.String()
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(body, "<html") || !strings.Contains(body, "Custom &lt;script&gt;") {
		t.Errorf("not an error page with the escaped error:\n%s", body)
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("the error's text reaches the page unescaped")
	}
}

// Outside development mode no format shows a stack, a path or the error.
func TestProductionHidesStacks(t *testing.T) {
	devMode(t, false)
	for _, accept := range []string{"text/html", "application/json", "text/plain", ""} {
		for _, path := range []string{"/custom", "/panic"} {
			req := mustRequest(t, "GET", path, "")
			req.Header.Set("Accept", accept)
			rec := record(core.Func(devErrorHandler), req)
			if rec.Code != 500 || rec.Body.String() != "Internal Server Error" {
				t.Errorf("%s with Accept %q: got %d %q", path, accept, rec.Code, rec.Body.String())
			}
		}
	}
	rec := record(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return map[string]string{"woot": "yes"}, nil
	}), mustRequest(t, "GET", "/", ""))
	if got := rec.Body.String(); got != `{"woot":"yes"}` {
		t.Errorf("production JSON = %q, want it compact", got)
	}
}

// Dev starts as MICRO_ENV says: checked in a fresh process of this test binary.
func TestDevFromEnv(t *testing.T) {
	if want := os.Getenv("CORE_TEST_DEV_FROM_ENV"); want != "" {
		if got := core.Dev(); (want == "on") != got {
			t.Fatalf("Dev() = %v with MICRO_ENV=%q", got, os.Getenv("MICRO_ENV"))
		}
		return
	}
	for _, tt := range []struct{ env, want string }{
		{"development", "on"},
		{"production", "off"},
		{"", "off"},
		{"Development", "off"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDevFromEnv$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CORE_TEST_DEV_FROM_ENV="+tt.want, "MICRO_ENV="+tt.env)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("MICRO_ENV=%q: %v\n%s", tt.env, err, out)
		}
	}
}
