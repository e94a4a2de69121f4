package core_test

// Handlers, errors and writers shared by the tests.

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

type payload struct {
	Some struct {
		Cool string `json:"cool"`
	} `json:"some"`
}

const someCoolJSON = `{"some":{"cool":"json"}}`

func coolHandler(opts ...core.BodyOption) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		var p payload
		if err := core.JSON(r, &p, opts...); err != nil {
			return nil, err
		}
		return map[string]string{"response": p.Some.Cool}, nil
	}
}

// handleErrors is micro's custom error handler: a Func wrapping a Func.
func handleErrors(fn core.Func) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (v any, err error) {
		defer func() {
			if p := recover(); p != nil {
				v, err = "My custom error!", nil
			}
		}()
		if v, err = fn(w, r); err != nil {
			return "My custom error!", nil
		}
		return v, nil
	}
}

func withType(contentType string, v any) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		w.Header().Set("Content-Type", contentType)
		return v, nil
	}
}

// statusErr is an error from another package with a StatusCode method.
type statusErr struct {
	code int
	msg  string
}

func (e statusErr) Error() string { return e.msg }

func (e statusErr) StatusCode() int { return e.code }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// countingWriter counts the calls a handler makes.
type countingWriter struct {
	header               http.Header
	writeHeaders, writes int
	status               int
	body                 strings.Builder
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(code int) {
	w.writeHeaders++
	if w.status == 0 {
		w.status = code
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.status == 0 {
		w.status = 200
	}
	return w.body.Write(p)
}

func mustRequest(t testing.TB, method, target, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://example.com"+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// microCase is one of micro's tests: a request and the response it gets.
type microCase struct {
	name       string
	h          http.Handler
	method     string
	body       string
	header     []string
	wantStatus int
	wantBody   string
	wantType   string // checked when set
}

func runMicroCases(t *testing.T, tests []microCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			method := tt.method
			if method == "" {
				method = "GET"
			}
			res, body := fetch(t, method, serve(t, tt.h), tt.body, tt.header...)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", res.StatusCode, tt.wantStatus, body)
			}
			if body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if tt.wantType != "" {
				if got := res.Header.Get("Content-Type"); got != tt.wantType {
					t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
				}
			}
		})
	}
}

// sendHandler sends v with code itself, as micro's send(res, code, v).
func sendHandler(code int, v any) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, core.Send(w, code, v)
	}
}

// returning returns v and err, as a micro handler returns or throws.
func returning(v any, err error) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) { return v, err }
}
