package devserver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The lane serves the stable address's plainest traffic without
// http.Server: a GET or HEAD with no body, to a steady child, whose answer
// has a known length and needs nothing rewritten. Those are most of what a
// browser and a load test send, and for them http.Server, ReverseProxy and
// the Transport cost the proxy about 45 µs of CPU per request on loopback
// (parsing each request and response into maps, then writing them out
// again), more than twice the child's own cost. The lane checks the bytes
// of the request head, forwards them with the X-Forwarded headers added,
// and copies the answer's bytes back, on kept connections at both ends.
//
// Everything else goes to http.Server, which serves the connection from
// then on: the lane hands the connection over with the bytes it read
// replayed first. It never answers anything itself, so every page, every
// refusal, every error and every odd request is http.Server's, as before.
// The lane only ever accepts a strict subset of what http.Server would
// route to the child, with the same Host check (Hosts.Allowed).
//
// When the child's answer turns out to need the full proxy (a stream, an
// error page to draw, an informational answer, a child slower than
// laneAnswerWait to begin, which may outlast its client) the request has
// already been sent. It is not sent again: the connection is handed over
// with a one-time token in a header of the replayed request, and the
// Transport reads the answer from the connection the lane wrote it on.

const (
	// laneHeaderTimeout and laneIdleTimeout bound slow clients, in the
	// lane and as StableServer's ReadHeaderTimeout and IdleTimeout.
	laneHeaderTimeout = 10 * time.Second
	laneIdleTimeout   = 2 * time.Minute
	// laneAnswerWait is how long the lane waits for the first byte of an
	// answer. The lane does not read from the client meanwhile, so it
	// would not notice a client that goes away; http.Server does, and cuts
	// the child's request, so a slow answer is left to it.
	laneAnswerWait = 100 * time.Millisecond
	// laneBuffer is the size of the lane's buffers: a request or answer
	// head that does not fit is left to http.Server.
	laneBuffer = 4 << 10
	// laneHeader carries the token of a request already sent to the child.
	laneHeader = "X-Micro-Lane"
	// laneTokenLife bounds how long a sent request waits for http.Server
	// to take it up; past it the exchange is dropped, so that nothing
	// holds the child's drain.
	laneTokenLife = 10 * time.Second
)

// lane is the listener http.Server serves when the lane is on: it accepts
// the connections itself and gives http.Server those it hands over.
type lane struct {
	s      *Server
	ln     net.Listener
	handed chan accepted
	done   chan struct{} // closed by Close

	closeOnce sync.Once
	closing   atomic.Bool
	mu        sync.Mutex
	conns     map[*laneConn]struct{}
}

type accepted struct {
	c   net.Conn
	err error
}

func newLane(s *Server, ln net.Listener) *lane {
	l := &lane{s: s, ln: ln, handed: make(chan accepted), done: make(chan struct{}), conns: map[*laneConn]struct{}{}}
	go l.acceptLoop()
	return l
}

// acceptLoop accepts every connection. A failure goes to http.Server's
// Accept, which backs off on a temporary one before it asks again, and
// this loop waits for it to ask.
func (l *lane) acceptLoop() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			select {
			case l.handed <- accepted{err: err}:
			case <-l.done:
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go l.serve(c)
	}
}

// Accept returns the next connection handed over to http.Server.
func (l *lane) Accept() (net.Conn, error) {
	select {
	case a := <-l.handed:
		return a.c, a.err
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *lane) Addr() net.Addr { return l.ln.Addr() }

// Close stops accepting and closes the lane's connections that wait for a
// request; those serving one close once it is answered, as http.Server's
// Shutdown does with its own.
func (l *lane) Close() error {
	err := net.ErrClosed
	l.closeOnce.Do(func() {
		close(l.done)
		err = l.ln.Close()
		l.closing.Store(true)
		l.mu.Lock()
		for lc := range l.conns {
			if lc.waiting.Load() {
				lc.c.Close()
			}
		}
		l.mu.Unlock()
	})
	return err
}

// laneConn is one client connection the lane serves.
type laneConn struct {
	c       net.Conn
	br      *bufio.Reader
	bw      *bufio.Writer
	ip      string      // the client's address, for X-Forwarded-For
	waiting atomic.Bool // between requests: Close closes it
}

// setWaiting records whether lc waits for a request, and reports false when
// the lane is closing and lc must end. Close sets closing before it looks
// at waiting, and lc the other way round, so that either lc sees closing
// or Close sees lc waiting, and closes it.
func (l *lane) setWaiting(lc *laneConn, waiting bool) bool {
	lc.waiting.Store(waiting)
	return !l.closing.Load()
}

// track registers lc for Close, unless the lane is closing already.
func (l *lane) track(lc *laneConn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closing.Load() {
		return false
	}
	l.conns[lc] = struct{}{}
	return true
}

func (l *lane) forget(lc *laneConn) {
	l.mu.Lock()
	delete(l.conns, lc)
	l.mu.Unlock()
}

func (l *lane) serve(c net.Conn) {
	lc := &laneConn{c: c, br: bufio.NewReaderSize(c, laneBuffer), bw: bufio.NewWriterSize(c, laneBuffer)}
	if host, _, err := net.SplitHostPort(c.RemoteAddr().String()); err == nil {
		lc.ip = host
	}
	if !l.track(lc) {
		c.Close()
		return
	}
	for {
		if !l.setWaiting(lc, true) {
			break
		}
		c.SetReadDeadline(time.Now().Add(laneIdleTimeout))
		_, err := lc.br.Peek(1)
		if err != nil || !l.setWaiting(lc, false) {
			break
		}
		c.SetReadDeadline(time.Now().Add(laneHeaderTimeout))
		if !l.one(lc) {
			l.forget(lc)
			return // handed over, or cut
		}
	}
	l.forget(lc)
	lc.bw.Flush()
	c.Close()
}

// one serves the request at the head of lc's buffer, or hands lc over. It
// reports whether lc stays with the lane.
func (l *lane) one(lc *laneConn) bool {
	head, err := peekHead(lc.br, lc.bw)
	if err != nil {
		// Nothing answered yet: a client too slow with its headers, or
		// gone. http.Server closes such a connection too.
		if errors.Is(err, bufio.ErrBufferFull) {
			return l.handOver(lc, nil)
		}
		lc.bw.Flush()
		lc.c.Close()
		return false
	}
	req, ok := l.parse(head)
	if !ok {
		return l.handOver(lc, nil)
	}
	b := l.s.steady()
	if b == nil {
		return l.handOver(lc, nil)
	}
	p, ok := l.send(b, lc, head, req)
	if !ok {
		b.active.Done()
		return l.handOver(lc, nil)
	}
	if p.err == nil {
		if headLen, n, plain := plainAnswer(p.pc.br, req.head, l.s.cfg.InjectReload); plain {
			return l.answer(b, lc, p.pc, len(head), headLen, n)
		}
	}
	if p.pc != nil {
		p.pc.conn.SetReadDeadline(time.Time{})
	}
	return l.handOver(lc, p)
}

// answer copies a plain answer, its head of headLen bytes (buffered) and
// then n bytes of body, from pc to the client, and keeps both connections.
func (l *lane) answer(b *backend, lc *laneConn, pc *pconn, reqLen, headLen int, n int64) bool {
	defer b.active.Done()
	lc.br.Discard(reqLen)
	pc.conn.SetReadDeadline(time.Time{})
	h, _ := pc.br.Peek(headLen)
	_, err := lc.bw.Write(h)
	pc.br.Discard(headLen)
	if err == nil && n > 0 {
		_, err = io.CopyN(lc.bw, pc.br, n)
	}
	if err != nil {
		// Cut in the middle of the answer, by either side: neither
		// connection can go on.
		pc.conn.Close()
		lc.c.Close()
		return false
	}
	b.tr.put(pc)
	if l.s.onLane != nil {
		l.s.onLane()
	}
	if !headBuffered(lc.br) {
		if lc.bw.Flush() != nil {
			lc.c.Close()
			return false
		}
	}
	return true
}

// send writes the request to the child, and sends it again on another
// connection when a kept one turns out to be closed, as childTransport
// does. It then
// waits laneAnswerWait for the answer to begin. ok is false when nothing
// was sent (the child cannot be reached): http.Server then sends it, and
// shows the failure.
func (l *lane) send(b *backend, lc *laneConn, head []byte, req laneRequest) (p *pending, ok bool) {
	for {
		pc, reused, err := b.tr.get(context.Background())
		if err != nil {
			return nil, false
		}
		err = writeRequest(pc.bw, head, req, lc.ip)
		if err == nil {
			pc.conn.SetReadDeadline(time.Now().Add(laneAnswerWait))
			_, err = pc.br.Peek(1)
			if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				return &pending{b: b, pc: pc, reused: reused}, true
			}
		}
		pc.conn.Close()
		if !reused || !closedByPeer(err) {
			// The child may have read the request: it is not sent again,
			// and http.Server shows the failure.
			return &pending{b: b, err: &unansweredError{err}}, true
		}
	}
}

// handOver gives lc to http.Server with what the lane read of it replayed
// first; p, if not nil, is the request at its head, already sent.
func (l *lane) handOver(lc *laneConn, p *pending) bool {
	if err := lc.bw.Flush(); err != nil {
		if p != nil {
			p.drop()
		}
		lc.c.Close()
		return false
	}
	buffered, _ := lc.br.Peek(lc.br.Buffered())
	replay := make([]byte, 0, len(buffered)+len(laneHeader)+40)
	token := ""
	if p != nil {
		token = l.s.lanePending(p)
		end := bytes.Index(buffered, []byte("\r\n\r\n")) + 2
		replay = append(replay, buffered[:end]...)
		replay = append(replay, laneHeader+": "+token+"\r\n"...)
		buffered = buffered[end:]
	}
	replay = append(replay, buffered...)
	lc.c.SetDeadline(time.Time{})
	rc := &replayConn{Conn: lc.c, replay: replay}
	select {
	case l.handed <- accepted{c: rc}:
	case <-l.done:
		if p := l.s.claimToken(token); p != nil {
			p.drop()
		}
		lc.c.Close()
	}
	return false
}

// replayConn is a connection handed over: its reads return replay first.
type replayConn struct {
	net.Conn
	replay []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.replay) > 0 {
		n := copy(p, c.replay)
		c.replay = c.replay[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// ReadFrom and CloseWrite reach the connection under c, as they would on
// a connection http.Server accepted itself: sendfile, and the half-close
// with which it ends a connection so that the client reads the answer
// before the end, rather than a reset.
func (c *replayConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// pending is a request the lane sent to the child and handed over: the
// Transport reads its answer from pc, or fails with err.
type pending struct {
	b      *backend
	pc     *pconn
	reused bool
	err    error
	taken  atomic.Bool
}

// take claims p's connection once: for the Transport to read the answer
// from, or for drop to close.
func (p *pending) take() bool { return p != nil && p.taken.CompareAndSwap(false, true) }

// drop ends p: it closes the connection unless the Transport took it, and
// gives back the child's active count. Whoever claimed p's token (or the
// lane, before registering it) calls it, once.
func (p *pending) drop() {
	if p.take() && p.pc != nil {
		p.pc.conn.Close()
	}
	p.b.active.Done()
}

type pendingKey struct{}

// lanePending registers p and returns its token. An exchange not taken up
// within laneTokenLife is dropped.
func (s *Server) lanePending(p *pending) string {
	var raw [16]byte
	rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	s.pendMu.Lock()
	if s.pending == nil {
		s.pending = map[string]*pending{}
	}
	s.pending[token] = p
	s.pendMu.Unlock()
	time.AfterFunc(laneTokenLife, func() {
		if p := s.claimToken(token); p != nil {
			p.drop()
		}
	})
	return token
}

// claimToken removes the exchange registered under token and returns it,
// or nil if it was claimed already (or never was).
func (s *Server) claimToken(token string) *pending {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	p := s.pending[token]
	delete(s.pending, token)
	return p
}

// claimPending returns the exchange a handed-over request's token names,
// or nil; the header is removed either way, so that the program never sees
// it, nor a client's guess at one.
func (s *Server) claimPending(h map[string][]string) *pending {
	v := h[laneHeader]
	if v == nil {
		return nil
	}
	delete(h, laneHeader)
	if len(v) != 1 {
		return nil
	}
	return s.claimToken(v[0])
}

// steady returns the child to send to, with its active count taken, when
// no reload is under way and no failure is shown; otherwise nil.
func (s *Server) steady() *backend {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.pending || s.st.failed != nil || s.st.serving == nil {
		return nil
	}
	s.st.serving.active.Add(1)
	return s.st.serving
}
