package core

// Listeners: Unix socket files, slow and malformed clients, logged URLs.

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeUnixSocketFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	_ = ln.Close() // a server that died: the file stays
	s := startServe(t, hello, nil, "unix:"+stale)
	if status, body := get(t, s.urls[0]); status != 200 || body != "hello" {
		t.Errorf("on a replaced stale socket: %d %q", status, body)
	}
	// A socket someone serves on is not taken from them.
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	err = serve(ctx, hello, []string{"unix:" + stale}, serveConfig{log: io.Discard, getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), "a server is accepting connections on it") {
		t.Errorf("serve on a live socket = %v", err)
	}
	if status, _ := get(t, s.urls[0]); status != 200 {
		t.Error("the live socket was broken")
	}
}

// Slow and malformed clients do not hold or break the server.
func TestServeBadClients(t *testing.T) {
	t.Parallel()
	s := startServe(t, hello, nil, "127.0.0.1:0")
	addr := strings.TrimPrefix(s.urls[0], "http://")

	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	_, _ = io.WriteString(slow, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the end
	_ = slow.SetReadDeadline(time.Now().Add(wait))
	_, err = io.ReadAll(slow)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Error("a client that never finished its headers kept its connection")
	}

	bad, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	_, _ = io.WriteString(bad, "NOT HTTP AT ALL\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(bad), nil)
	if err != nil || res.StatusCode != 400 {
		t.Errorf("malformed request: %v, %v", res, err)
	}
	if status, body := get(t, s.urls[0]); status != 200 || body != "hello" {
		t.Errorf("after bad clients: %d %q", status, body)
	}
}

type fakeListener struct {
	net.Listener
	addr net.Addr
}

func (f fakeListener) Addr() net.Addr { return f.addr }

func TestListenURL(t *testing.T) {
	t.Parallel()
	any6 := &net.TCPAddr{IP: net.IPv6unspecified, Port: 3000}
	for _, tt := range []struct {
		addr      net.Addr
		requested string
		want      string
	}{
		{any6, "0.0.0.0:3000", "http://0.0.0.0:3000"},
		{any6, ":3000", "http://[::]:3000"},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 43817}, "localhost:0", "http://127.0.0.1:43817"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "[::1]:80", "http://[::1]:80"},
		{&net.UnixAddr{Name: "/tmp/a.sock", Net: "unix"}, "/tmp/a.sock", "unix:/tmp/a.sock"},
	} {
		if got := listenURL(fakeListener{addr: tt.addr}, tt.requested); got != tt.want {
			t.Errorf("listenURL(%v, %q) = %q, want %q", tt.addr, tt.requested, got, tt.want)
		}
	}
}
