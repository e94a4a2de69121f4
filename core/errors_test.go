package core_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestSendErrorProduction(t *testing.T) {
	t.Parallel()
	secret := errors.New("dial tcp 10.0.0.7:5432: connection refused (/srv/app/db.go:42)")
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string
	}{
		{"plain error", secret, 500, "Internal Server Error"},
		{"HTTPError", core.Error(404, "No such user", nil), 404, "No such user"},
		{"HTTPError empty message", core.Error(403, "", nil), 403, "Forbidden"},
		{"HTTPError literal", &core.HTTPError{StatusCode: 409, Message: "Taken"}, 409, "Taken"},
		{"HTTPError 500 hides its cause", core.Error(500, "", secret), 500, "Internal Server Error"},
		{"HTTPError 503 own message", core.Error(503, "Try later", secret), 503, "Try later"},
		{"wrapped HTTPError", fmt.Errorf("load user: %w", core.Error(404, "No such user", nil)), 404, "No such user"},
		{"first HTTPError wins", core.Error(400, "Outer", core.Error(404, "Inner", nil)), 400, "Outer"},
		{"joined", errors.Join(secret, core.Error(429, "Slow down", nil)), 429, "Slow down"},
		{"StatusCode method below 500", statusErr{403, "Custom"}, 403, "Custom"},
		{"StatusCode method wrapped", fmt.Errorf("ctx: %w", statusErr{401, "Who are you"}), 401, "Who are you"},
		{"StatusCode method 500+ hides text", statusErr{502, "upstream 10.0.0.7 said no"}, 502, "Bad Gateway"},
		{"HTTPError invalid status", core.Error(0, "zero", nil), 500, "zero"},
		{"StatusCode method invalid status", statusErr{7, "seven"}, 500, "Internal Server Error"},
		{"nil error", nil, 500, "Internal Server Error"},
		{"body limit", core.Error(413, "Body exceeded 1mb limit", nil), 413, "Body exceeded 1mb limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := mustRequest(t, "GET", "/", "")
			req.Header.Set("Accept", "text/html") // no page outside dev mode
			rec := record(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "999")
				core.SendError(w, r, tt.err)
			}), req)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			h := rec.Header()
			if h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("Content-Length") != itoa(len(tt.wantBody)) ||
				h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("headers = %v", h)
			}
			if strings.Contains(rec.Body.String(), "10.0.0.7") {
				t.Error("the response leaks the error's text")
			}
		})
	}
}

func TestHTTPError(t *testing.T) {
	t.Parallel()
	cause := io.ErrUnexpectedEOF
	err := core.Error(400, "Invalid body", cause)
	if err.StatusCode != 400 || err.Message != "Invalid body" || err.Err != cause {
		t.Errorf("fields = %+v", err)
	}
	if got, want := err.Error(), "Invalid body: unexpected EOF"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || err.Unwrap() != cause {
		t.Error("the cause is not unwrapped")
	}
	if got := core.Error(404, "", nil).Error(); got != "Not Found" {
		t.Errorf("Error() with no message = %q, want the status text", got)
	}
	var he *core.HTTPError
	if !errors.As(fmt.Errorf("wrap: %w", err), &he) || he != err {
		t.Error("errors.As does not find the HTTPError")
	}
}

// Every error of 500 or more is logged with its stack; client errors are
// not logged.
func TestErrorsAreLogged(t *testing.T) {
	stop := captureStderr(t)
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		switch r.URL.Path {
		case "/bang":
			return nil, errors.New("Bang")
		case "/made":
			return nil, core.Error(503, "", errors.New("db down"))
		case "/panic":
			var nothing []int
			return nothing[len(r.URL.Path)], nil // a runtime error: index out of range
		}
		return nil, core.Error(404, "", nil)
	})
	for _, path := range []string{"/bang", "/made", "/panic", "/missing"} {
		record(h, mustRequest(t, "GET", path, ""))
	}
	logged := stop()
	for _, want := range []string{
		"micro: GET /bang: 500 Internal Server Error: Bang\n",
		"micro: GET /made: 503 Service Unavailable: Service Unavailable: db down\n",
		"core_test.TestErrorsAreLogged", // the stack of Error's caller
		"micro: GET /panic: 500 Internal Server Error: panic: runtime error: index out of range [6] with length 0\n",
		"errors_test.go:", // the line that panicked
	} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %q:\n%s", want, logged)
		}
	}
	if strings.Contains(logged, "/missing") {
		t.Errorf("a 404 was logged:\n%s", logged)
	}
}
