//go:build unix

package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A handler that streams server-sent events and one that upgrades the
// connection, as a WebSocket server does: both must work through the proxy
// and the request log.
const streamApp = `package app

import (
	"bufio"
	"fmt"
	"net/http"
	"time"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/events":
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 1; i <= 2; i++ {
			fmt.Fprintf(w, "data: tick %d\n\n", i)
			w.(http.Flusher).Flush()
			if i == 1 {
				<-time.After(time.Hour) // only the client hanging up ends this
			}
		}
	case "/upgrade":
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		rw.Flush()
		line, _ := bufio.NewReader(conn).ReadString('\n')
		fmt.Fprintf(conn, "echo: %s", line)
	}
}
`

func TestStreamsPassThrough(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": streamApp})
	d := startDev(t, dir) // with the request log, which must not buffer

	t.Run("server-sent events", func(t *testing.T) {
		resp, err := http.Get(d.url + "/events")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		// The first event arrives while the handler is still running.
		line, err := readLineWithin(resp.Body, 30*time.Second)
		if err != nil || line != "data: tick 1" {
			t.Fatalf("first event: %q %v", line, err)
		}
	})
	t.Run("upgrade", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(d.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		io.WriteString(conn, "GET /upgrade HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("handshake: %v %v", resp, err)
		}
		io.WriteString(conn, "hello\n")
		got, err := br.ReadString('\n')
		if err != nil || got != "echo: hello\n" {
			t.Fatalf("after the upgrade: %q %v", got, err)
		}
	})
}

func readLineWithin(r io.Reader, limit time.Duration) (string, error) {
	type res struct {
		s   string
		err error
	}
	ch := make(chan res, 1)
	go func() {
		s, err := bufio.NewReader(r).ReadString('\n')
		ch <- res{strings.TrimSpace(s), err}
	}()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-time.After(limit):
		return "", io.ErrNoProgress
	}
}

// injectApp serves one page four ways: with a Content-Length, streamed
// (chunked, as core streams an io.Reader), gzip-compressed whatever the
// client asked, and as text/plain.
const injectApp = `package app

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"

	"github.com/seed-1b2dc2de/micro/core"
)

const page = "<html><body><h1>mine</h1></body></html>"

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/plain":
		w.Header().Set("Content-Type", "text/plain")
	case "/stream":
		return strings.NewReader(page), nil
	case "/gzip":
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(page))
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		return b.Bytes(), nil
	}
	return page, nil
})
`

func TestInjectReload(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": injectApp})
	for _, inject := range []bool{false, true} {
		args := []string{"-s"}
		if inject {
			args = append(args, "--inject-reload")
		}
		d := startDev(t, dir, args...)
		for _, path := range []string{"/", "/stream", "/gzip"} {
			r := get(t, d.url+path, "text/html")
			has := strings.Contains(r.body, reloadPath)
			if has != inject || !strings.HasPrefix(r.body, "<html><body><h1>mine</h1>") || !strings.HasSuffix(r.body, "</body></html>") {
				t.Fatalf("--inject-reload=%v %s: body %q", inject, path, r.body)
			}
			// The page streams through: its length is no longer declared,
			// or it is the true one.
			if cl := r.header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(r.body)) {
				t.Fatalf("--inject-reload=%v %s: Content-Length %s for a body of %d bytes", inject, path, cl, len(r.body))
			}
		}
		if p := get(t, d.url+"/plain", ""); strings.Contains(p.body, reloadPath) {
			t.Fatalf("a text/plain response was changed: %q", p.body)
		}
	}
}
