//go:build unix

package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The development server's safety, as an attacker or a broken client
// would try it over loopback against the real binary.

const safetyApp = `package app

import (
	"fmt"
	"io"
	"net/http"
)

var Version = "one"

func Handler(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/slow": // answers only once the client is gone
		<-r.Context().Done()
		fmt.Fprint(w, "late")
	case "/upload":
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			return
		}
		fmt.Fprintf(w, "read %d", n)
	case "/events":
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "data: %s\n\n", Version)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	default:
		fmt.Fprint(w, Version)
	}
}
`

// raw sends a request as written and returns all the server answers
// before it closes; halfClose closes our side once the request is sent.
func raw(t *testing.T, url, request string, halfClose bool) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute)) // a safety net, not the test
	io.WriteString(conn, request)
	if halfClose {
		conn.(*net.TCPConn).CloseWrite()
	}
	got, _ := io.ReadAll(conn)
	return string(got)
}

func TestDevServerSafety(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": safetyApp})
	d := startDev(t, dir, "--allow-host", "tunnel.example")
	waitBody(t, d.url, "one")

	t.Run("DNS rebinding", func(t *testing.T) {
		got := raw(t, d.url, "GET /err HTTP/1.1\r\nHost: evil.example\r\nAccept: text/html\r\nConnection: close\r\n\r\n", false)
		want := "micro-dev: Host \"evil.example\" is not allowed; to allow it, run micro-dev --allow-host evil.example\n"
		if !strings.HasPrefix(got, "HTTP/1.1 403 Forbidden\r\n") || !strings.HasSuffix(got, "\r\n\r\n"+want) {
			t.Errorf("Host evil.example got:\n%s", got)
		}
		got = raw(t, d.url, "GET "+reloadPath+" HTTP/1.1\r\nHost: evil.example:3000\r\nConnection: close\r\n\r\n", false)
		if !strings.HasPrefix(got, "HTTP/1.1 403 ") {
			t.Errorf("the live-reload stream answered Host evil.example:\n%s", got)
		}
		for _, host := range []string{"tunnel.example", "TUNNEL.example.:443", "localhost", "app.localhost:3000", "127.0.0.1", "[::1]:3000"} {
			got := raw(t, d.url, "GET / HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n", false)
			if !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n") || !strings.HasSuffix(got, "\r\n\r\none") {
				t.Errorf("Host %s got:\n%s", host, got)
			}
		}
	})

	t.Run("cross-origin live reload", func(t *testing.T) {
		got := raw(t, d.url, "GET "+reloadPath+" HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\nConnection: close\r\n\r\n", false)
		if !strings.HasPrefix(got, "HTTP/1.1 403 ") || strings.Contains(got, "Access-Control-Allow-Origin") {
			t.Errorf("a cross-origin live-reload request got:\n%s", got)
		}
	})

	t.Run("half-close", func(t *testing.T) {
		if got := raw(t, d.url, "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n", true); got != "" {
			t.Errorf("a client that half-closed got an answer nobody gave:\n%s", got)
		}
		// The request log says so, and never shows a 200.
		d.waitLine(t, func(l string) bool { return strings.Contains(l, " aborted [") })
		n := ""
		for _, l := range strings.Split(d.output(), "\n") {
			if strings.HasSuffix(l, " GET /slow") {
				n = strings.Fields(l)[1]
			}
			if n != "" && strings.HasPrefix(l, "< "+n+" ") && !strings.HasPrefix(l, "< "+n+" aborted [") {
				t.Errorf("the request log shows %q for the half-closed request", l)
			}
		}
	})

	t.Run("malformed chunked body", func(t *testing.T) {
		got := raw(t, d.url, "POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nAccept: text/html\r\n\r\n5\r\nhello\r\nzz\r\n", false)
		if !strings.HasPrefix(got, "HTTP/1.1 400 Bad Request\r\n") || !strings.HasSuffix(got, "\r\n\r\nInvalid body") {
			t.Errorf("a malformed chunked body got:\n%s", got)
		}
		if strings.Contains(got, "Accepting connections") {
			t.Errorf("the answer shows the program's hidden start line")
		}
	})

	// Last: it reloads the program. The default drain is 10s.
	t.Run("stream across a reload", func(t *testing.T) {
		resp, err := http.Get(d.url + "/events")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		br := bufio.NewReader(resp.Body)
		if line, err := br.ReadString('\n'); line != "data: one\n" || err != nil {
			t.Fatalf("first event: %q %v", line, err)
		}
		write(t, dir, "app.go", strings.Replace(safetyApp, `"one"`, `"two"`, 1))
		waitBody(t, d.url, "two")
		rest, err := io.ReadAll(br) // ends at the drain bound
		if err != nil {
			t.Errorf("the stream ended with %v after %q, want a clean end", err, rest)
		}
		d.waitLine(t, func(l string) bool { return strings.Contains(l, "GET /events") })
		d.waitCount(t, "closed [", 1)
		if out := d.output(); strings.Contains(out, "httputil") || strings.Contains(out, "ReverseProxy") {
			t.Errorf("the standard library's log reached the terminal:\n%s", out)
		}
	})
}
