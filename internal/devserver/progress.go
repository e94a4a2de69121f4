// Code generated from core/progress.go by go test -run TestProgressIsCoresCopy -update; DO NOT EDIT.

package devserver

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// A request body must keep arriving: at least minProgress bytes within
// every progressWindow of waiting for it. http.Server bounds the request
// headers (ReadHeaderTimeout) and the wait between requests (IdleTimeout)
// but nothing after the headers, so without this a client that trickles a
// body, a byte now and then, holds a connection and a goroutine forever.
// A whole-request ReadTimeout would cut long uploads instead.
const (
	progressWindow = 30 * time.Second
	minProgress    = 1 << 10
)

// progressListener gives every connection it accepts a progressConn.
type progressListener struct {
	net.Listener
	window time.Duration
	min    int
}

func (l progressListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &progressConn{Conn: c, window: l.window, min: l.min}, nil
}

// progressConn puts a read deadline on the reads the server leaves
// unbounded (those of a request body, and of what is left of it after the
// handler), and pushes it forward each time min more bytes have arrived.
// Time the handler spends between reads is not counted against the client.
// A deadline the server or the handler sets (headers, idle, or through
// http.ResponseController) takes over, and so does a hijacker.
type progressConn struct {
	net.Conn
	window time.Duration
	min    int

	mu       sync.Mutex
	server   time.Time // the read deadline last set from outside; zero: none
	ours     bool      // the connection carries deadline, not server
	off      bool      // hijacked: the new owner manages deadlines
	deadline time.Time // our deadline, while ours
	got      int       // bytes read since deadline was last pushed
	paused   time.Time // when the last read ended
}

func (c *progressConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.server, c.ours = t, false
	return c.Conn.SetReadDeadline(t)
}

func (c *progressConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.server, c.ours = t, false
	return c.Conn.SetDeadline(t)
}

// release hands deadlines back for good, when the connection is hijacked.
func (c *progressConn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = true
	if c.ours {
		c.ours = false
		_ = c.Conn.SetReadDeadline(c.server)
	}
}

func (c *progressConn) Read(p []byte) (int, error) {
	if !c.startRead(len(p)) {
		return c.Conn.Read(p)
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if c.ours { // the server may have set its own deadline meanwhile
		now := time.Now()
		c.got += n
		if c.got >= c.min {
			c.got, c.deadline = 0, now.Add(c.window)
		}
		c.paused = now
	}
	c.mu.Unlock()
	return n, err
}

// startRead sets the progress deadline for a read of n bytes, if it
// applies, and reports whether it does. The server reads a single byte
// in the background while a handler runs, to notice a client that goes
// away; that read must wait as long as the handler takes.
func (c *progressConn) startRead(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.off || !c.server.IsZero() || n <= 1 {
		if c.ours {
			c.ours = false
			_ = c.Conn.SetReadDeadline(c.server)
		}
		return false
	}
	now := time.Now()
	if c.ours {
		c.deadline = c.deadline.Add(now.Sub(c.paused))
	} else {
		c.ours, c.got, c.deadline = true, 0, now.Add(c.window)
	}
	_ = c.Conn.SetReadDeadline(c.deadline)
	return true
}

// releaseHijacked is the server's ConnState hook: a hijacked connection
// is its new owner's.
func releaseHijacked(c net.Conn, state http.ConnState) {
	if pc, ok := c.(*progressConn); ok && state == http.StateHijacked {
		pc.release()
	}
}

// ReadFrom keeps the server's sendfile path (io.Copy from a file to the
// response) open through the wrapper.
func (c *progressConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// CloseWrite lets the server half-close a connection it is ending, as it
// does on a TCP or Unix connection.
func (c *progressConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
