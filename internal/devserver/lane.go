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
	"strconv"
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
	mu        sync.Mutex
	conns     map[*laneConn]bool // true while waiting for a request
	closing   bool
}

type accepted struct {
	c   net.Conn
	err error
}

func newLane(s *Server, ln net.Listener) *lane {
	l := &lane{s: s, ln: ln, handed: make(chan accepted), done: make(chan struct{}), conns: map[*laneConn]bool{}}
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
		l.mu.Lock()
		l.closing = true
		for lc, waiting := range l.conns {
			if waiting {
				lc.c.Close()
			}
		}
		l.mu.Unlock()
	})
	return err
}

// laneConn is one client connection the lane serves.
type laneConn struct {
	c  net.Conn
	br *bufio.Reader
	bw *bufio.Writer
	ip string // the client's address, for X-Forwarded-For
}

// setWaiting records whether lc waits for a request; false when the lane
// is closing, and lc must end.
func (l *lane) setWaiting(lc *laneConn, waiting bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closing {
		return false
	}
	l.conns[lc] = waiting
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
		if n, plain := plainAnswer(p.pc.br, req.head, l.s.cfg.InjectReload); plain {
			return l.answer(b, lc, p.pc, len(head), n)
		}
	}
	if p.pc != nil {
		p.pc.conn.SetReadDeadline(time.Time{})
	}
	return l.handOver(lc, p)
}

// answer copies a plain answer, its head and then n bytes of body, from
// pc to the client, and keeps both connections.
func (l *lane) answer(b *backend, lc *laneConn, pc *pconn, reqLen int, n int64) bool {
	defer b.active.Done()
	lc.br.Discard(reqLen)
	pc.conn.SetReadDeadline(time.Time{})
	headLen, _ := answerHeadLen(pc.br)
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

// peekHead returns the request head at the start of br, up to and
// including its blank line, without consuming it. It flushes bw before it
// waits for more of the head, so that answers already written are not held
// back by a client that sends its next request in parts. A head that does
// not fit in br gives bufio.ErrBufferFull.
func peekHead(br *bufio.Reader, bw *bufio.Writer) ([]byte, error) {
	for n := 1; ; {
		buf, err := br.Peek(n)
		if i := bytes.Index(buf, []byte("\r\n\r\n")); i >= 0 {
			return buf[:i+4], nil
		}
		if err != nil {
			return nil, err
		}
		if br.Buffered() > len(buf) {
			n = br.Buffered()
			continue
		}
		if n == br.Size() {
			return nil, bufio.ErrBufferFull
		}
		if err := bw.Flush(); err != nil {
			return nil, err
		}
		n = min(len(buf)+1, br.Size())
	}
}

// headBuffered reports whether a whole request head is already buffered.
func headBuffered(br *bufio.Reader) bool {
	buf, _ := br.Peek(br.Buffered())
	return bytes.Contains(buf, []byte("\r\n\r\n"))
}

// laneRequest is what the lane learned of a request head.
type laneRequest struct {
	head bool   // HEAD: the answer has no body
	host []byte // the Host header's value
	conn int    // the offset of a Connection: keep-alive line to leave out, or -1
}

// parse checks a request head and reports whether the lane may send it:
// GET or HEAD of an origin-form path outside micro-dev's own endpoints,
// HTTP/1.1, well-formed header lines, exactly one allowed Host, no body,
// nothing hop-by-hop but Connection: keep-alive, no forwarding headers
// (ReverseProxy replaces them), and, when the live-reload client is
// injected, no page navigation. Anything else goes to http.Server.
func (l *lane) parse(head []byte) (laneRequest, bool) {
	req := laneRequest{conn: -1}
	line, rest, _ := bytes.Cut(head, []byte("\r\n"))
	var target []byte
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		target = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		target, req.head = line[5:], true
	default:
		return req, false
	}
	target, ok := bytes.CutSuffix(target, []byte(" HTTP/1.1"))
	if !ok || !plainTarget(target) || bytes.HasPrefix(target, []byte(ownPrefix)) {
		return req, false
	}
	hosts := 0
	for off := len(line) + 2; ; {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		if len(line) == 0 {
			break
		}
		name, value, ok := headerLine(line)
		if !ok {
			return req, false
		}
		switch lowerName(name) {
		case "host":
			hosts++
			req.host = value
		case "connection":
			if !bytes.EqualFold(value, []byte("keep-alive")) || req.conn >= 0 {
				return req, false
			}
			req.conn = off
		case "accept":
			if l.s.cfg.InjectReload && bytes.Contains(value, []byte("text/html")) {
				return req, false
			}
		case "content-length", "transfer-encoding", "upgrade", "expect", "keep-alive",
			"proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer",
			"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-micro-lane":
			return req, false
		}
		off += len(line) + 2
	}
	if hosts != 1 || !plainHost(req.host) || (l.s.cfg.Hosts != nil && !l.s.cfg.Hosts.Allowed(string(req.host))) {
		return req, false
	}
	return req, true
}

// lowerName returns name in lower case when it is one the lane looks at,
// without allocating; any other name gives "".
func lowerName(name []byte) string {
	if len(name) > len("proxy-authorization") {
		return ""
	}
	var buf [len("proxy-authorization")]byte
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	for _, k := range laneNames {
		if string(buf[:len(name)]) == k {
			return k
		}
	}
	return ""
}

// laneNames are the header names the lane looks at, in lower case.
var laneNames = [...]string{
	"host", "connection", "accept", "content-length", "transfer-encoding", "upgrade", "expect",
	"keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer",
	"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-micro-lane",
}

// headerLine splits "Name: value" and reports whether it is well formed:
// the name a token, the value free of control characters but tab.
func headerLine(line []byte) (name, value []byte, ok bool) {
	name, value, ok = bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return nil, nil, false
	}
	for _, c := range name {
		if !tokenByte(c) {
			return nil, nil, false
		}
	}
	for _, c := range value {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return nil, nil, false
		}
	}
	return name, bytes.Trim(value, " \t"), true
}

func tokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0
}

// plainTarget reports whether target is a path and query made only of
// characters that pass through url.Parse and RequestURI unchanged, as
// ReverseProxy would send them: unreserved, sub-delims, ':', '@', '/', '?'
// and well-formed %-escapes.
func plainTarget(t []byte) bool {
	if len(t) == 0 || t[0] != '/' {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case bytes.IndexByte([]byte("-._~!$&'()*+,;=:@/?"), c) >= 0:
		case c == '%' && i+2 < len(t) && isHex(t[i+1]) && isHex(t[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// plainHost reports whether a Host value holds only what a name, an IP
// address and a port may.
func plainHost(h []byte) bool {
	if len(h) == 0 {
		return false
	}
	for _, c := range h {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_':
		default:
			return false
		}
	}
	return true
}

// writeRequest writes the request head to the child as ReverseProxy would
// send it: without a Connection: keep-alive line, with the X-Forwarded
// headers SetXForwarded adds.
func writeRequest(bw *bufio.Writer, head []byte, req laneRequest, ip string) error {
	body := head[:len(head)-2] // without the blank line
	if req.conn >= 0 {
		end := req.conn + bytes.Index(body[req.conn:], []byte("\r\n")) + 2
		bw.Write(body[:req.conn])
		bw.Write(body[end:])
	} else {
		bw.Write(body)
	}
	if ip != "" {
		bw.WriteString("X-Forwarded-For: ")
		bw.WriteString(ip)
		bw.WriteString("\r\n")
	}
	bw.WriteString("X-Forwarded-Host: ")
	bw.Write(req.host)
	bw.WriteString("\r\nX-Forwarded-Proto: http\r\n\r\n")
	return bw.Flush()
}

// answerHeadLen returns the length of the answer head at the start of br,
// once it is all buffered; 0 if it is not, or does not fit.
func answerHeadLen(br *bufio.Reader) (int, error) {
	for {
		buf, err := br.Peek(br.Buffered())
		if i := bytes.Index(buf, []byte("\r\n\r\n")); i >= 0 {
			return i + 4, nil
		}
		if err != nil {
			return 0, err
		}
		if len(buf) == br.Size() {
			return 0, bufio.ErrBufferFull
		}
		if _, err := br.Peek(len(buf) + 1); err != nil {
			return 0, err
		}
	}
}

// plainAnswer reports whether the answer at the start of br can be copied
// as it is, and the length of its body: HTTP/1.1, a final status, a
// Content-Length (or no body at all), and no header that the proxy acts
// on: nothing hop-by-hop, no stream, no error data to draw a page from,
// and, when inject is set, no HTML page to add the live-reload client to.
// It only peeks; reading the rest of the head blocks as long as the child
// takes to send it, as ReverseProxy's read would.
func plainAnswer(br *bufio.Reader, head, inject bool) (int64, bool) {
	n, err := answerHeadLen(br)
	if err != nil {
		return 0, false
	}
	h, _ := br.Peek(n)
	line, rest, _ := bytes.Cut(h, []byte("\r\n"))
	if len(line) < len("HTTP/1.1 200") || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) || (len(line) > 12 && line[12] != ' ') {
		return 0, false
	}
	code, err := strconv.Atoi(string(line[9:12]))
	if err != nil || code < 200 || code > 599 {
		return 0, false
	}
	length := int64(-1)
	for {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false
		}
		switch {
		case bytes.EqualFold(name, []byte("content-length")):
			v, err := strconv.ParseInt(string(bytes.Trim(value, " \t")), 10, 64)
			if err != nil || v < 0 || length >= 0 {
				return 0, false
			}
			length = v
		case bytes.EqualFold(name, []byte(errorHeader)):
			return 0, false
		case inject && bytes.EqualFold(name, []byte("content-type")):
			ct := bytes.ToLower(bytes.Trim(value, " \t"))
			if bytes.HasPrefix(ct, []byte("text/html")) || bytes.HasPrefix(ct, []byte("application/xhtml+xml")) {
				return 0, false // see injectable
			}
		default:
			switch lowerName(name) {
			case "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade":
				return 0, false // hop-by-hop: ReverseProxy drops or acts on them
			}
		}
	}
	switch {
	case head || code == 204 || code == 304:
		return 0, true
	case length < 0:
		return 0, false // chunked, or until the connection closes
	}
	return length, true
}
