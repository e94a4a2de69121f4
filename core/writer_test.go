package core_test

// Funcs that write the response themselves, and the writer they get.

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// A Func that wrote its own response is left alone.
func TestFuncThatWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		fn         core.Func
		wantStatus int
		wantBody   string
	}{
		{"WriteHeader then return value", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.WriteHeader(418)
			return "ignored", nil
		}, 418, ""},
		{"Write then return error", func(w http.ResponseWriter, r *http.Request) (any, error) {
			_, _ = io.WriteString(w, "mine")
			return nil, errors.New("logged only")
		}, 200, "mine"},
		{"Flush then return value", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.(http.Flusher).Flush()
			return "ignored", nil
		}, 200, ""},
		{"io.Copy then nil", func(w http.ResponseWriter, r *http.Request) (any, error) {
			_, err := io.Copy(w, strings.NewReader("copied"))
			return nil, err
		}, 200, "copied"},
		{"1xx is not the response", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.WriteHeader(http.StatusEarlyHints)
			return "after hints", nil
		}, 200, "after hints"},
		{"headers only are not a response", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.Header().Set("X-Custom", "yes")
			return "value", nil
		}, 200, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, body := fetch(t, "GET", serve(t, tt.fn), "")
			if res.StatusCode != tt.wantStatus || body != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", res.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

// The writer a Func gets still offers what the server's does.
func TestFuncWriterInterfaces(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if err := http.NewResponseController(w).SetWriteDeadline(farFuture()); err != nil {
			return nil, err
		}
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 299 Hijacked\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		return "ignored", brw.Flush()
	})
	url := serve(t, h)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 299 || string(body) != "ok" {
		t.Errorf("got %d %q, want 299 \"ok\"", res.StatusCode, body)
	}
}
