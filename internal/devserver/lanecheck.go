package devserver

import (
	"bufio"
	"bytes"
	"strconv"
)

// The lane's reading of heads: what a request and an answer must be for
// the lane to forward them byte for byte (lane.go), and the forwarding.

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
// as it is, and the lengths of its head and body: HTTP/1.1, a final status, a
// Content-Length (or no body at all), and no header that the proxy acts
// on: nothing hop-by-hop, no stream, no error data to draw a page from,
// and, when inject is set, no HTML page to add the live-reload client to.
// It only peeks; reading the rest of the head blocks as long as the child
// takes to send it, as ReverseProxy's read would.
func plainAnswer(br *bufio.Reader, head, inject bool) (headLen int, bodyLen int64, ok bool) {
	headLen, err := answerHeadLen(br)
	if err != nil {
		return 0, 0, false
	}
	h, _ := br.Peek(headLen)
	line, rest, _ := bytes.Cut(h, []byte("\r\n"))
	if len(line) < len("HTTP/1.1 200") || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) || (len(line) > 12 && line[12] != ' ') {
		return 0, 0, false
	}
	code, err := strconv.Atoi(string(line[9:12]))
	if err != nil || code < 200 || code > 599 {
		return 0, 0, false
	}
	length := int64(-1)
	for {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, 0, false
		}
		switch {
		case bytes.EqualFold(name, []byte("content-length")):
			v, err := strconv.ParseInt(string(bytes.Trim(value, " \t")), 10, 64)
			if err != nil || v < 0 || length >= 0 {
				return 0, 0, false
			}
			length = v
		case bytes.EqualFold(name, []byte(errorHeader)):
			return 0, 0, false
		case inject && bytes.EqualFold(name, []byte("content-type")):
			ct := bytes.ToLower(bytes.Trim(value, " \t"))
			if bytes.HasPrefix(ct, []byte("text/html")) || bytes.HasPrefix(ct, []byte("application/xhtml+xml")) {
				return 0, 0, false // see injectable
			}
		default:
			switch lowerName(name) {
			case "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade":
				return 0, 0, false // hop-by-hop: ReverseProxy drops or acts on them
			}
		}
	}
	switch {
	case head || code == 204 || code == 304:
		return headLen, 0, true
	case length < 0:
		return 0, 0, false // chunked, or until the connection closes
	}
	return headLen, length, true
}
