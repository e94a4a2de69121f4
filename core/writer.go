package core

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// responseWriter is the http.ResponseWriter a Func gets. It remembers
// whether the response has started, so that a Func that wrote its own
// reply is left alone and a second Send is refused instead of producing a
// "superfluous WriteHeader" or a body glued to another.
type responseWriter struct {
	w       http.ResponseWriter
	started bool
}

// writerPool recycles the writers of finished requests, so that a Func
// costs no allocation of its own. A writer goes back only after its Func
// has returned, and a ResponseWriter must not be used after that (as for
// any http.Handler), so no two requests ever share one.
var writerPool = sync.Pool{New: func() any { return new(responseWriter) }}

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

// Content-Type values core sets, shared by every response: a header value
// is a slice, and allocating one per reply would be the largest cost of a
// small reply. Header.Set, Add and Del replace or append to a slice rather
// than write into it, and the capacity of 1 makes append copy.
var (
	contentTextValue   = []string{contentText}
	contentBinaryValue = []string{contentBinary}
	contentJSONValue   = []string{contentJSON}
)

// setHeaders sets Content-Type (one of the shared values above, or none),
// unless the handler set one, and Content-Length.
func setHeaders(w http.ResponseWriter, contentType []string, length int) {
	h := w.Header()
	if contentType != nil {
		// An empty map, the usual case, cannot hold one: skip the lookup.
		if len(h) == 0 {
			h["Content-Type"] = contentType[:1:1]
		} else if _, set := h["Content-Type"]; !set {
			h["Content-Type"] = contentType[:1:1]
		}
	}
	h["Content-Length"] = []string{strconv.Itoa(length)}
}

// started reports whether the response on w has begun, when w is core's
// own writer; on any other writer it cannot be known, so false.
func started(w http.ResponseWriter) bool {
	rw, ok := w.(*responseWriter)
	return ok && rw.started
}
