package devserver

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// errRetired is why a connection to a child is refused: its drain after a
// reload is over.
var errRetired = errors.New("devserver: the previous build's drain is over")

// serve proxies r to b.
func (b *backend) serve(w http.ResponseWriter, r *http.Request) {
	b.proxy.ServeHTTP(w, watchBody(r))
}

// childConns are the proxy's connections to one child. When the child is
// retired past its drain they are closed, which ends the requests still
// on them (streams, upgraded connections) before the child is stopped;
// tracking connections rather than requests costs a request nothing.
type childConns struct {
	dialer net.Dialer

	mu     sync.Mutex
	open   map[*childConn]struct{}
	closed bool
}

func (c *childConns) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := c.dialer.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		conn.Close()
		return nil, errRetired
	}
	cc := &childConn{Conn: conn, c: c}
	c.open[cc] = struct{}{}
	return cc, nil
}

// closeAll closes every connection, and refuses new ones.
func (c *childConns) closeAll() {
	c.mu.Lock()
	c.closed = true
	open := c.open
	c.open = nil
	c.mu.Unlock()
	for cc := range open {
		cc.Conn.Close()
	}
}

type childConn struct {
	net.Conn
	c *childConns
}

func (cc *childConn) Close() error {
	cc.c.mu.Lock()
	delete(cc.c.open, cc)
	cc.c.mu.Unlock()
	return cc.Conn.Close()
}

// retire cuts what is still proxied to b: streams of unknown length end
// cleanly (see endCleanly), other requests are aborted.
func (b *backend) retire() {
	b.cancelRetired()
	b.conns.closeAll()
}

// endCleanly makes a response of unknown length (a stream: server-sent
// events, a long poll) end as a whole response when b is retired, or when
// micro-dev shuts down, rather than be aborted: the last chunk is written
// and an EventSource simply reconnects, to the new build. A response of
// known length cut short is aborted, since it cannot be whole; an
// upgraded connection is closed.
func (b *backend) endCleanly(resp *http.Response) {
	if resp.ContentLength >= 0 || resp.StatusCode == http.StatusSwitchingProtocols || resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	rb := &retirableBody{ReadCloser: resp.Body, b: b}
	b.streamsMu.Lock()
	if b.streams == nil {
		b.streams = map[*retirableBody]struct{}{}
	}
	b.streams[rb] = struct{}{}
	b.streamsMu.Unlock()
	resp.Body = rb
}

// endStreams ends every stream proxied from b now, cleanly.
func (b *backend) endStreams() {
	b.streamsMu.Lock()
	streams := b.streams
	b.streams = nil
	b.streamsMu.Unlock()
	for rb := range streams {
		rb.ended.Store(true)
		_ = rb.ReadCloser.Close() // the blocked Read returns
	}
}

type retirableBody struct {
	io.ReadCloser
	b     *backend
	ended atomic.Bool
}

func (r *retirableBody) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF && (r.ended.Load() || r.b.retired.Err() != nil) {
		return n, io.EOF
	}
	return n, err
}

func (r *retirableBody) Close() error {
	r.b.streamsMu.Lock()
	delete(r.b.streams, r)
	r.b.streamsMu.Unlock()
	return r.ReadCloser.Close()
}
