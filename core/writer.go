package core

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
)

// responseWriter is the http.ResponseWriter a Func gets. It remembers
// whether the response has started, so that a Func that wrote its own
// reply is left alone and a second Send is refused instead of producing a
// "superfluous WriteHeader" or a body glued to another.
type responseWriter struct {
	w       http.ResponseWriter
	started bool
	// hdr backs the Content-Type and Content-Length values core sets, so
	// that a reply costs no allocation beyond this struct (see setHeaders).
	hdr [2]string
}

func (rw *responseWriter) Header() http.Header { return rw.w.Header() }

func (rw *responseWriter) WriteHeader(code int) {
	// 1xx responses are informational: the real response is still to come.
	if code >= 200 || code == http.StatusSwitchingProtocols {
		rw.started = true
	}
	rw.w.WriteHeader(code)
}

func (rw *responseWriter) Write(p []byte) (int, error) {
	rw.started = true
	return rw.w.Write(p)
}

// WriteString keeps io.WriteString from copying the string.
func (rw *responseWriter) WriteString(s string) (int, error) {
	rw.started = true
	return io.WriteString(rw.w, s)
}

// Flush sends what is buffered, for handlers that assert http.Flusher.
func (rw *responseWriter) Flush() {
	rw.started = true
	_ = http.NewResponseController(rw.w).Flush()
}

// Hijack hands the connection over, for handlers that assert http.Hijacker
// (WebSocket libraries); it fails on HTTP/2 like the server's own would.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(rw.w).Hijack()
	if err != nil {
		return nil, nil, fmt.Errorf("hijack the connection: %w", err)
	}
	rw.started = true
	return conn, brw, nil
}

// ReadFrom keeps io.Copy(w, file) able to use sendfile.
func (rw *responseWriter) ReadFrom(src io.Reader) (int64, error) {
	rw.started = true
	if rf, ok := rw.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{rw.w}, src)
}

// Unwrap gives http.ResponseController the server's writer, for deadlines.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.w }

// writerOnly hides ReadFrom so that io.Copy does not call it again.
type writerOnly struct{ io.Writer }

// setHeaders sets Content-Type, unless the handler set one, and
// Content-Length. On core's own writer the values live in the writer,
// which saves two allocations per reply.
func setHeaders(w http.ResponseWriter, contentType string, length int) {
	h := w.Header()
	var vals []string
	if rw, ok := w.(*responseWriter); ok {
		vals = rw.hdr[:]
	} else {
		vals = make([]string, 2)
	}
	if contentType != "" {
		if _, set := h["Content-Type"]; !set {
			vals[0] = contentType
			h["Content-Type"] = vals[0:1:1]
		}
	}
	vals[1] = strconv.Itoa(length)
	h["Content-Length"] = vals[1:2:2]
}

// started reports whether the response on w has begun, when w is core's
// own writer; on any other writer it cannot be known, so false.
func started(w http.ResponseWriter) bool {
	rw, ok := w.(*responseWriter)
	return ok && rw.started
}
