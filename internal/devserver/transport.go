package devserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// childTransport is the proxy's RoundTripper to one child. A GET or HEAD
// without a body, most of what a browser and a load test send, is written
// and its response read in the handler's own goroutine, on a connection
// kept between requests. http.Transport hands every request to a writer
// goroutine and every response back from a reader goroutine; on loopback
// those handoffs and their wakeups made a request cost the proxy 57–60 µs
// of CPU, against 42–52 µs this way (bench/proxy.sh).
// Requests with a body (whose child may answer before reading it, which
// needs writing and reading at once) and upgrades go to http.Transport.
type childTransport struct {
	addr  string
	conns *childConns
	slow  *http.Transport

	mu   sync.Mutex
	idle []*pconn // most recently used last
}

// max1xx is how many informational responses (103 Early Hints) one
// request may get before its final one, as in http.Transport.
const max1xx = 5

// maxIdle is how many connections to one child are kept for reuse: more
// than a browser opens, as many as a local load test is likely to.
const maxIdle = 64

// pconn is a connection to the child with its buffers.
type pconn struct {
	conn net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
	used time.Time // when it was last put back
}

func newChildTransport(addr string, conns *childConns) *childTransport {
	return &childTransport{
		addr:  addr,
		conns: conns,
		slow: &http.Transport{
			Proxy:               nil,
			DialContext:         conns.dial,
			MaxIdleConnsPerHost: maxIdle,
			IdleConnTimeout:     idleTimeout,
			// The program sees the client's Accept-Encoding, not one the
			// proxy adds (and undoes), on both paths.
			DisableCompression: true,
		},
	}
}

// idleTimeout is how long a connection kept for reuse lives unused.
const idleTimeout = 30 * time.Second

func (t *childTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if p, _ := req.Context().Value(pendingKey{}).(*pending); p.take() {
		// The lane sent it: its answer is read, not sent again.
		if p.err != nil {
			return nil, p.err
		}
		resp, err := t.exchange(p.pc, req, true)
		if err == nil {
			return resp, nil
		}
		p.pc.conn.Close()
		if !retry(p.reused, err, req) {
			return nil, err
		}
	}
	if !simple(req) {
		return t.slow.RoundTrip(req)
	}
	for {
		pc, reused, err := t.get(req.Context())
		if err != nil {
			return nil, err
		}
		resp, err := t.exchange(pc, req, false)
		if err == nil {
			return resp, nil
		}
		pc.conn.Close()
		if !retry(reused, err, req) {
			return nil, err
		}
	}
}

// retry reports whether req, which failed with err, is sent again. A kept
// connection the child closed meanwhile fails before any byte of an
// answer; GET and HEAD are safe to send again, on a new connection, as
// http.Transport does. Once part of an answer came, the handler ran: it
// is not run twice.
func retry(reused bool, err error, req *http.Request) bool {
	var unanswered *unansweredError
	return reused && errors.As(err, &unanswered) && closedByPeer(err) && req.Context().Err() == nil
}

// simple reports whether req can take the synchronous path: a GET or HEAD
// with no body that asks for no protocol switch.
func simple(req *http.Request) bool {
	return (req.Method == http.MethodGet || req.Method == http.MethodHead) &&
		(req.Body == nil || req.Body == http.NoBody) &&
		req.Header.Get("Upgrade") == "" && req.Header.Get("Expect") == ""
}

// unansweredError is a failure before the first byte of an answer: the
// request could not be written, or the connection ended before a reply.
type unansweredError struct{ err error }

func (e *unansweredError) Error() string { return e.err.Error() }
func (e *unansweredError) Unwrap() error { return e.err }

func closedByPeer(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// get returns a kept connection, reused, or a new one.
func (t *childTransport) get(ctx context.Context) (pc *pconn, reused bool, err error) {
	now := time.Now()
	t.mu.Lock()
	for len(t.idle) > 0 {
		pc = t.idle[len(t.idle)-1]
		t.idle = t.idle[:len(t.idle)-1]
		// Anything already waiting on a kept connection (the child
		// closed it, or wrote past its last answer) makes it unusable.
		if now.Sub(pc.used) < idleTimeout && pc.br.Buffered() == 0 {
			t.mu.Unlock()
			return pc, true, nil
		}
		pc.conn.Close()
	}
	t.mu.Unlock()
	conn, err := t.conns.dial(ctx, "tcp", t.addr)
	if err != nil {
		return nil, false, err
	}
	return &pconn{conn: conn, br: bufio.NewReader(conn), bw: bufio.NewWriter(conn)}, false, nil
}

// put keeps pc for the next request, unless enough are kept.
func (t *childTransport) put(pc *pconn) {
	pc.used = time.Now()
	t.mu.Lock()
	if len(t.idle) < maxIdle {
		t.idle = append(t.idle, pc)
		pc = nil
	}
	t.mu.Unlock()
	if pc != nil {
		pc.conn.Close()
	}
}

// CloseIdleConnections closes the connections kept for reuse, on both
// paths.
func (t *childTransport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = nil
	t.mu.Unlock()
	for _, pc := range idle {
		pc.conn.Close()
	}
	t.slow.CloseIdleConnections()
}

// exchange writes req on pc, unless it was sent already, and reads its
// answer, passing 1xx answers (103 Early Hints) to the proxy's trace, as
// http.Transport does.
func (t *childTransport) exchange(pc *pconn, req *http.Request, sent bool) (*http.Response, error) {
	// A client that goes away cuts the exchange, and a stream it was
	// reading, as http.Transport does: the connection's deadline passes
	// and the blocked read or write returns.
	stop := context.AfterFunc(req.Context(), func() {
		pc.conn.SetDeadline(time.Unix(1, 0))
	})
	fail := func(err error) (*http.Response, error) {
		stop()
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	if !sent {
		if err := req.Write(pc.bw); err != nil {
			return fail(&unansweredError{err})
		}
		if err := pc.bw.Flush(); err != nil {
			return fail(&unansweredError{err})
		}
	}
	// The read http.ReadResponse would make first, done here so that a
	// connection that ends with nothing is told from an answer cut short
	// (ReadResponse reports both as io.ErrUnexpectedEOF).
	if _, err := pc.br.Peek(1); err != nil {
		return fail(&unansweredError{err})
	}
	for informational := 0; ; informational++ {
		resp, err := http.ReadResponse(pc.br, req)
		if err != nil {
			return fail(err)
		}
		if resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
			if informational == max1xx {
				return fail(errors.New("devserver: the program sent more than 5 informational (1xx) responses"))
			}
			if trace := httptrace.ContextClientTrace(req.Context()); trace != nil && trace.Got1xxResponse != nil {
				if err := trace.Got1xxResponse(resp.StatusCode, textproto.MIMEHeader(resp.Header)); err != nil {
					return fail(err)
				}
			}
			continue
		}
		// A switch of protocols nobody asked for leaves the connection in
		// another protocol: it is not kept (and the proxy answers 502).
		keep := !resp.Close && resp.StatusCode != http.StatusSwitchingProtocols
		if resp.Body == http.NoBody || resp.Body == nil {
			t.release(pc, stop, keep)
			resp.Body = http.NoBody
			return resp, nil
		}
		resp.Body = &childBody{ReadCloser: resp.Body, t: t, pc: pc, stop: stop, keep: keep}
		return resp, nil
	}
}

// release puts pc back for reuse when its exchange ended whole and the
// client's context never cut it; otherwise it closes it.
func (t *childTransport) release(pc *pconn, stop func() bool, keep bool) {
	if stop() && keep {
		t.put(pc)
		return
	}
	pc.conn.Close()
}

// childBody is a response body read straight from the connection: at its
// end the connection is kept for the next request; closed before its end
// (the client went away, a stream is cut), the connection is closed, since
// what is left of the body cannot be told from the next answer.
type childBody struct {
	io.ReadCloser // the body http.ReadResponse returned; never closed, which would read it to its end
	t             *childTransport
	pc            *pconn
	stop          func() bool
	keep          bool
	done          atomic.Bool
}

func (b *childBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && b.done.CompareAndSwap(false, true) {
		b.t.release(b.pc, b.stop, b.keep)
	}
	return n, err
}

func (b *childBody) Close() error {
	if b.done.CompareAndSwap(false, true) {
		b.stop()
		b.pc.conn.Close()
	}
	return nil
}
