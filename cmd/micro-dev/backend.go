package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

// backend is one running child and the proxy that talks to it.
type backend struct {
	proc   *runner.Process
	addr   string // host:port the child listens on
	bin    string // its executable, removed once it is stopped
	proxy  *httputil.ReverseProxy
	tr     *http.Transport
	active sync.WaitGroup // requests proxied to it; Add only under devServer.mu
}

// freeAddr finds a loopback port for the next child. The port is free when
// we look; the child binds it a moment later, and a clash shows up as a
// child that fails to start, which is reported, never hidden.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

func newBackend(proc *runner.Process, addr, bin string, d *devServer) *backend {
	b := &backend{proc: proc, addr: addr, bin: bin}
	b.tr = &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
	}
	target := &url.URL{Scheme: "http", Host: addr}
	b.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host // the handler sees the address the browser used
			pr.SetXForwarded()
		},
		Transport:     b.tr,
		FlushInterval: -1, // stream everything at once: dev servers serve SSE and logs
		ErrorHandler:  func(w http.ResponseWriter, r *http.Request, err error) { d.proxyError(b, w, r, err) },
	}
	if d.inject {
		b.proxy.ModifyResponse = injectReload
	}
	return b
}

// drain waits, bounded, for the requests already proxied to b to finish.
func (b *backend) drain(limit time.Duration) {
	done := make(chan struct{})
	go func() { b.active.Wait(); close(done) }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// proxyError answers a request the child did not: if it died meanwhile,
// with the crash page; otherwise with a 502 that says what happened.
func (d *devServer) proxyError(b *backend, w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-b.proc.Done():
		crashFailure(http.StatusInternalServerError, "The handler crashed", b.proc.Status().String(), b.proc.Tail(), d.target.ModuleRoot).serve(w, r)
		return
	case <-t.C:
	}
	crashFailure(http.StatusBadGateway, "The handler did not answer", err.Error(), b.proc.Tail(), d.target.ModuleRoot).serve(w, r)
}
