package devserver

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"sync"
	"time"
)

// backend is one running child and the proxy that talks to it.
type backend struct {
	child  Child
	addr   string // host:port the child listens on
	bin    string // its executable, removed once it is stopped
	proxy  *httputil.ReverseProxy
	tr     *childTransport
	active sync.WaitGroup // requests proxied to it; Add only under Server.mu

	// retired ends once the drain after a reload is over: the requests
	// still proxied to it (streams) are cut then, before it is stopped.
	retired       context.Context
	cancelRetired context.CancelFunc
	conns         *childConns

	streamsMu sync.Mutex
	streams   map[*retirableBody]struct{} // responses of unknown length
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

func (s *Server) newBackend(child Child, addr, bin string) *backend {
	b := &backend{child: child, addr: addr, bin: bin}
	b.retired, b.cancelRetired = context.WithCancel(context.Background())
	b.conns = &childConns{dialer: net.Dialer{Timeout: 5 * time.Second}, open: map[*childConn]struct{}{}}
	b.tr = newChildTransport(addr, b.conns)
	target := &url.URL{Scheme: "http", Host: addr}
	b.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host // the handler sees the address the browser used
			pr.SetXForwarded()
			if s.cfg.InjectReload {
				mayInject(pr.Out)
			}
		},
		Transport: b.tr,
		// Streams still flush every write: ReverseProxy does so for
		// text/event-stream and for bodies of unknown length. A flush
		// interval of -1 for everything would cost each response a
		// goroutine and a write of its headers alone, most of the proxy's
		// time.
		FlushInterval: 0,
		BufferPool:    &s.buffers,
		ErrorHandler:  func(w http.ResponseWriter, r *http.Request, err error) { s.proxyError(b, w, r, err) },
		ModifyResponse: func(resp *http.Response) error {
			b.endCleanly(resp)
			return s.modify(resp)
		},
		// What it would log (a body cut by a reload or a crash) is
		// answered, or shown as the crash, already; the terminal is the
		// developer's.
		ErrorLog: log.New(io.Discard, "", 0),
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
func (s *Server) proxyError(b *backend, w http.ResponseWriter, r *http.Request, err error) {
	if b.retired.Err() != nil {
		crashFailure(http.StatusBadGateway, "The handler did not answer", "no answer from the previous build within "+s.cfg.Drain.String()+" of a reload", nil, s.cfg.ModuleRoot).serve(w, r)
		return
	}
	bodyErr := clientBodyErr(r)
	if r.Context().Err() != nil && !errors.Is(bodyErr, os.ErrDeadlineExceeded) {
		// The client went away (or half-closed, which the server cannot
		// tell apart): it gets nothing, rather than an invented 200.
		panic(http.ErrAbortHandler)
	}
	if bodyErr != nil {
		// Malformed, or too slow to arrive: the client's fault, said as
		// micro says it.
		invalidBody(w)
		return
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-b.child.Done():
		f := crashFailure(http.StatusInternalServerError, "The handler crashed", b.child.ExitStatus(), b.child.Tail(), s.cfg.ModuleRoot)
		f.label = "crashed"
		f.page.Restart = RestartPath // once the supervisor has heard of the exit
		f.serve(w, r)
		return
	case <-t.C:
	}
	crashFailure(http.StatusBadGateway, "The handler did not answer", err.Error(), b.child.Tail(), s.cfg.ModuleRoot).serve(w, r)
}

// bufferPool recycles the buffers the proxies copy bodies with, which
// ReverseProxy otherwise allocates, 32KB, for every response.
type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() []byte {
	if buf, ok := b.p.Get().(*[]byte); ok {
		return *buf
	}
	return make([]byte, 32<<10)
}

func (b *bufferPool) Put(buf []byte) { b.p.Put(&buf) }
