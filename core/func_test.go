package core_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// A panic is a 500 and the server goes on serving.
func TestPanicIsAnError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		value      any
		wantStatus int
		wantBody   string
	}{
		{"string", "boom", 500, "Internal Server Error"},
		{"error", errors.New("boom"), 500, "Internal Server Error"},
		{"HTTPError keeps its status", core.Error(403, "Go away", nil), 403, "Go away"},
		{"wrapped HTTPError", fmt.Errorf("ctx: %w", core.Error(409, "Conflict", nil)), 409, "Conflict"},
		{"nil", nil, 500, "Internal Server Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := serve(t, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
				if r.URL.Path == "/ok" {
					return "alive", nil
				}
				panic(tt.value)
			}))
			for range 2 {
				res, body := fetch(t, "GET", url+"/panic", "")
				if res.StatusCode != tt.wantStatus || body != tt.wantBody {
					t.Errorf("got %d %q, want %d %q", res.StatusCode, body, tt.wantStatus, tt.wantBody)
				}
				if _, body := fetch(t, "GET", url+"/ok", ""); body != "alive" {
					t.Errorf("after a panic: %q", body)
				}
			}
		})
	}
}

// http.ErrAbortHandler is the server's own way to abort: it goes through.
func TestErrAbortHandlerRepanicked(t *testing.T) {
	t.Parallel()
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		panic(http.ErrAbortHandler)
	}).ServeHTTP(&countingWriter{header: http.Header{}}, mustRequest(t, "GET", "/", ""))
	t.Error("ServeHTTP returned")
}

// A panic after the response started cannot become a 500: the connection
// is aborted so that the client does not take the cut body for a whole one.
func TestPanicAfterWriteAborts(t *testing.T) {
	t.Parallel()
	url := serve(t, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "half")
		w.(http.Flusher).Flush()
		panic("too late")
	}))
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if body, err := io.ReadAll(res.Body); err == nil {
		t.Errorf("read a whole body %q after a panic; want an aborted connection", body)
	}
}

func TestAdapt(t *testing.T) {
	t.Parallel()
	fn := func(w http.ResponseWriter, r *http.Request) (any, error) { return "func", nil }
	plain := func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "plain") }
	mux := http.NewServeMux()
	mux.HandleFunc("/", plain)
	tests := []struct {
		name     string
		h        any
		wantBody string
	}{
		{"core.Func", core.Func(fn), "func"},
		{"func returning a value", fn, "func"},
		{"http.HandlerFunc", http.HandlerFunc(plain), "plain"},
		{"func(w, r)", plain, "plain"},
		{"http.Handler", mux, "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := core.Adapt(tt.h)
			if err != nil {
				t.Fatal(err)
			}
			if got := record(h, mustRequest(t, "GET", "/", "")).Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
	for _, bad := range []any{
		nil, 42, "handler", func() {}, func(r *http.Request) (any, error) { return nil, nil },
		core.Func(nil), http.HandlerFunc(nil), (func(http.ResponseWriter, *http.Request))(nil),
	} {
		if h, err := core.Adapt(bad); err == nil || h != nil {
			t.Errorf("Adapt(%T) = %v, %v; want an error", bad, h, err)
		}
	}
}
