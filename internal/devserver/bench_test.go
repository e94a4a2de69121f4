package devserver

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"
)

// hello is the child of the benchmarks: the smallest response.
var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, "hello")
})

// benchChild is a child that serves hello and never exits on its own.
type benchChild struct {
	srv  *httptest.Server
	done chan struct{}
}

func (c *benchChild) Done() <-chan struct{}                           { return c.done }
func (c *benchChild) ExitStatus() string                              { return "" }
func (c *benchChild) Tail() []string                                  { return nil }
func (c *benchChild) WaitReady(context.Context, string, string) error { return nil }
func (c *benchChild) Stop() error                                     { c.srv.Close(); close(c.done); return nil }

// benchServer runs a Server with one hello child and returns its URL:
// its http.Server alone, or, with lane, as micro-dev -s serves it.
func benchServer(b *testing.B, lane bool) string {
	s, err := New(Config{
		Build: func(context.Context, int) (string, error) { return "", nil },
		Start: func(bin, addr string) (Child, error) {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return nil, err
			}
			srv := httptest.NewUnstartedServer(hello)
			srv.Listener.Close()
			srv.Listener = ln
			srv.Start()
			return &benchChild{srv: srv, done: make(chan struct{})}, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	front, sln := stableServer(s, ln, progressWindow, lane)
	go front.Serve(sln)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { s.Run(ctx, nil); close(ran) }()
	b.Cleanup(func() { s.CloseStreams(); front.Close(); cancel(); <-ran })
	return "http://" + ln.Addr().String()
}

// hammer sends GETs to url from parallel goroutines, as wrk does with
// persistent connections.
func hammer(b *testing.B, url string) {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	if err := get(); err != nil { // waits for the first build to settle
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := get(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkProxy is GET hello through the Server's http.Server, and
// BenchmarkLane through its lane, as micro-dev -s serves it; compare them
// with BenchmarkDirect, the same child without the proxy.
func BenchmarkProxy(b *testing.B) { hammer(b, benchServer(b, false)) }

func BenchmarkLane(b *testing.B) { hammer(b, benchServer(b, true)) }

// BenchmarkBareReverseProxy is the floor for BenchmarkProxy: a plain
// httputil.ReverseProxy to the same child, with nothing of the Server.
func BenchmarkBareReverseProxy(b *testing.B) {
	child := httptest.NewServer(hello)
	defer child.Close()
	u, err := url.Parse(child.URL)
	if err != nil {
		b.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{MaxIdleConnsPerHost: 64}
	front := httptest.NewServer(rp)
	defer front.Close()
	hammer(b, front.URL)
}

func BenchmarkDirect(b *testing.B) {
	srv := httptest.NewServer(hello)
	defer srv.Close()
	hammer(b, srv.URL)
}
