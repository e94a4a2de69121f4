package core

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeProgress is a keep-alive GET through serve with and
// without the progress deadline: what progressConn costs a request.
func BenchmarkServeProgress(b *testing.B) {
	for _, window := range []time.Duration{0, progressWindow} {
		name := map[bool]string{true: "off", false: "on"}[window == 0]
		b.Run(name, func(b *testing.B) {
			s := startServeConfig(b, hello, serveConfig{
				getenv:            func(string) string { return "" },
				readHeaderTimeout: 10 * time.Second,
				idleTimeout:       time.Minute,
				progressWindow:    window,
				minProgress:       minProgress,
			}, nil, "tcp://127.0.0.1:0")
			conn, err := net.Dial("tcp", strings.TrimPrefix(s.urls[0], "http://"))
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			br := bufio.NewReader(conn)
			req := []byte("GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := conn.Write(req); err != nil {
					b.Fatal(err)
				}
				res, err := http.ReadResponse(br, nil)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
			}
		})
	}
}
