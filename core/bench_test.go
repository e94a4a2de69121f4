package core_test

// Each benchmark pair runs the same handler written with core and with
// plain net/http, on a reused ResponseWriter, so that ns/op and allocs/op
// are the handler's own: go test -run '^$' -bench . -benchmem ./core/

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// benchWriter is a ResponseWriter that keeps nothing, reused across requests.
type benchWriter struct {
	header http.Header
	n      int
}

func (w *benchWriter) Header() http.Header         { return w.header }
func (w *benchWriter) WriteHeader(int)             {}
func (w *benchWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

func benchHandler(b *testing.B, h http.Handler, req *http.Request, reset func()) {
	b.Helper()
	w := &benchWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		if reset != nil {
			reset()
		}
		h.ServeHTTP(w, req)
	}
	if w.n == 0 {
		b.Fatal("nothing written")
	}
}

func BenchmarkString(b *testing.B) {
	req := mustRequest(b, "GET", "/", "")
	b.Run("core", func(b *testing.B) {
		benchHandler(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return "Welcome to Micro", nil
		}), req, nil)
	})
	b.Run("net-http", func(b *testing.B) {
		benchHandler(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, "Welcome to Micro")
		}), req, nil)
	})
}

type benchUser struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Email string   `json:"email"`
	Admin bool     `json:"admin"`
	Tags  []string `json:"tags"`
}

func BenchmarkStruct(b *testing.B) {
	req := mustRequest(b, "GET", "/", "")
	u := &benchUser{7, "Ada Lovelace", "ada@example.com", true, []string{"math", "engines"}}
	b.Run("core", func(b *testing.B) {
		benchHandler(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return u, nil
		}), req, nil)
	})
	b.Run("net-http", func(b *testing.B) {
		benchHandler(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(u)
		}), req, nil)
	})
}

// echoPayload is a 1 KB JSON object, as the load benchmark posts.
var echoPayload = func() []byte {
	items := make([]map[string]any, 0, 12)
	for i := range 12 {
		items = append(items, map[string]any{"id": i, "name": "item " + strings.Repeat("x", 20), "ok": i%2 == 0, "score": float64(i) * 1.5})
	}
	b, _ := json.Marshal(map[string]any{"user": "ada", "items": items})
	return b
}()

func BenchmarkJSONEcho(b *testing.B) {
	body := new(bytes.Reader)
	req := mustRequest(b, "POST", "/", "")
	req.Header.Set("Content-Type", "application/json")
	rc := io.NopCloser(body)
	reset := func() {
		body.Reset(echoPayload)
		req.Body = rc
		req.ContentLength = int64(len(echoPayload))
	}
	b.Run("core", func(b *testing.B) {
		benchHandler(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var v any
			if err := core.JSON(r, &v); err != nil {
				return nil, err
			}
			return v, nil
		}), req, reset)
	})
	b.Run("net-http", func(b *testing.B) {
		benchHandler(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				http.Error(w, "Invalid body", http.StatusBadRequest)
				return
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				http.Error(w, "Invalid JSON", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(v)
		}), req, reset)
	})
}
