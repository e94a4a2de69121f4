package core_test

// The same pairs as bench_test.go, through a real http.Server on loopback:
// the handler's cost within a whole request (client included, the same for
// both), and allocations that only a real server shows.

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// benchServer serves h on loopback and sends it request, one after the
// other on one keep-alive connection.
func benchServer(b *testing.B, h http.Handler, request []byte) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	defer func() {
		_ = srv.Close()
		<-done
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conn.Write(request); err != nil {
			b.Fatal(err)
		}
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}

var getRequest = []byte("GET / HTTP/1.1\r\nHost: bench\r\n\r\n")

func BenchmarkServerString(b *testing.B) {
	b.Run("core", func(b *testing.B) {
		benchServer(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return "Welcome to Micro", nil
		}), getRequest)
	})
	b.Run("net-http", func(b *testing.B) {
		benchServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, "Welcome to Micro")
		}), getRequest)
	})
}

func BenchmarkServerStruct(b *testing.B) {
	u := &benchUser{7, "Ada Lovelace", "ada@example.com", true, []string{"math", "engines"}}
	b.Run("core", func(b *testing.B) {
		benchServer(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return u, nil
		}), getRequest)
	})
	b.Run("net-http", func(b *testing.B) {
		benchServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(u)
		}), getRequest)
	})
}

func BenchmarkServerJSONEcho(b *testing.B) {
	request := []byte("POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(echoPayload)) + "\r\n\r\n" + string(echoPayload))
	b.Run("core", func(b *testing.B) {
		benchServer(b, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var v any
			if err := core.JSON(r, &v); err != nil {
				return nil, err
			}
			return v, nil
		}), request)
	})
	b.Run("net-http", func(b *testing.B) {
		benchServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		}), request)
	})
}
