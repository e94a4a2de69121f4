package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fatih/color"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// jsonLogKeep is how much of a JSON body is kept to pretty-print it whole,
// when --limit is smaller.
const jsonLogKeep = 64 << 10

// reqLogger logs every request passing through micro-dev's proxy:
//
//	> #N METHOD /path?query
//	request body, if any
//	< #N STATUS [+Xms]
//	response body, if any
//
// X is the time from the request's arrival to the end of the response body.
// A request's lines are written at once, when its response is complete, so
// they never interleave with another's. A stream (server-sent events, a
// hijacked connection) is logged when it starts, up to its status line with
// the time to the start, and again when it ends ("< #N closed [+Xms]", then
// the first bytes of the stream).
//
// Bodies: JSON is pretty-printed (when it is whole within max(limit, 64KB)),
// other text (a form, plain text, XML) is cut at limit bytes; pages and
// assets (HTML, CSS, JavaScript), binary and compressed bodies are
// summarised as "<N bytes text/css>"; limit <= 0 logs no bodies. A request
// body is logged as far as the handler read it. micro-dev's own pages (a
// build error, a crash) are one line, "< #N 500 build failed [+Xms]",
// without their body.
type reqLogger struct {
	out   io.Writer
	color bool
	limit int64

	mu     sync.Mutex // serialises writes to out
	n      atomic.Int64
	once   sync.Once
	colors reqPalette
}

// reqPalette colours the request line, the times, and the status line by
// class (index code/100).
type reqPalette struct {
	req, dim *color.Color
	class    [6]*color.Color
}

func (l *reqLogger) palette() *reqPalette {
	l.once.Do(func() {
		mk := func(a ...color.Attribute) *color.Color {
			c := color.New(a...)
			if l.color {
				c.EnableColor()
			} else {
				c.DisableColor()
			}
			return c
		}
		cyan := mk(color.FgCyan)
		l.colors = reqPalette{
			req: mk(color.FgCyan, color.Faint), dim: mk(color.Faint),
			class: [6]*color.Color{cyan, cyan, mk(color.FgGreen), cyan, mk(color.FgYellow), mk(color.FgRed)},
		}
	})
	return &l.colors
}

// wrap returns a handler that logs around next without consuming or delaying
// the bodies: both are copied, capped, as next reads and writes them.
// Requests to micro-dev's own /__micro/ endpoints are not logged.
func (l *reqLogger) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/__micro/") {
			next.ServeHTTP(w, r)
			return
		}
		e := &reqEntry{l: l, n: l.n.Add(1), start: time.Now(), method: r.Method, uri: r.URL.RequestURI()}
		r = r.WithContext(devserver.WithOwnPage(r.Context(), &e.own))
		e.reqBody.keep = l.keepBytes()
		e.respBody.keep = e.reqBody.keep
		e.reqType = r.Header.Get("Content-Type")
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = &reqTee{ReadCloser: r.Body, to: &e.reqBody}
		}
		lw := &reqWriter{ResponseWriter: w, e: e}
		// Deferred so that a handler that panics (http.ErrAbortHandler
		// from the proxy) is logged too; the panic goes on unrecovered.
		returned := false
		defer func() { lw.finish(!returned) }()
		next.ServeHTTP(lw, r)
		returned = true
	})
}

func (l *reqLogger) keepBytes() int {
	if l.limit <= 0 {
		return 0
	}
	return int(max(l.limit, jsonLogKeep))
}

// reqEntry is one request being logged.
type reqEntry struct {
	l           *reqLogger
	n           int64
	start       time.Time
	method, uri string
	reqType     string
	reqBody     bodyCapture
	respBody    bodyCapture
	own         devserver.OwnPage // names micro-dev's own page, if it answers
}

// reqWriter passes everything to the ResponseWriter it wraps, noting the
// status and copying the body.
type reqWriter struct {
	http.ResponseWriter
	e *reqEntry

	mu        sync.Mutex
	status    int
	streaming bool // the head of the log is written already
}

// Unwrap lets http.ResponseController reach the connection (deadlines,
// full duplex, hijacking).
func (w *reqWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *reqWriter) WriteHeader(code int) {
	w.mu.Lock()
	// 1xx are interim responses, but for 101 which switches protocols.
	if w.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.status = code
	}
	w.mu.Unlock()
	w.ResponseWriter.WriteHeader(code)
}

func (w *reqWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.mu.Unlock()
	n, err := w.ResponseWriter.Write(p)
	w.e.respBody.Write(p[:n])
	return n, err
}

// Flush streams: a server-sent events stream is logged as it starts.
func (w *reqWriter) Flush() { _ = w.FlushError() }

// FlushError is the Flush http.ResponseController prefers: it reports
// failures.
func (w *reqWriter) FlushError() error {
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/event-stream") {
		w.startStream(0)
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection over (WebSockets); it is logged as a stream
// with status 101 unless the handler wrote another.
func (w *reqWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.startStream(http.StatusSwitchingProtocols)
	}
	return conn, rw, err
}

func (w *reqWriter) startStream(status int) {
	w.mu.Lock()
	if w.streaming {
		w.mu.Unlock()
		return
	}
	w.streaming = true
	if w.status == 0 {
		w.status = cmp.Or(status, http.StatusOK)
	}
	code := w.status
	w.mu.Unlock()
	var b bytes.Buffer
	w.e.head(&b)
	w.e.statusLine(&b, fmt.Sprint(code), code)
	w.e.l.write(b.Bytes())
}

// finish writes the log of the request, or the end of its stream. A
// handler that aborted (the client went away) sent no status, or not all
// of the response: the log says so rather than show the 200 that net/http
// would assume.
func (w *reqWriter) finish(aborted bool) {
	w.mu.Lock()
	code, streaming := w.status, w.streaming
	w.mu.Unlock()
	what := fmt.Sprint(cmp.Or(code, http.StatusOK))
	switch {
	case aborted && code == 0:
		what = "aborted"
	case aborted:
		what += " aborted"
	}
	var b bytes.Buffer
	if streaming {
		w.e.statusLine(&b, "closed", code)
	} else if label := w.e.own.Label(); label != "" {
		w.e.head(&b)
		w.e.statusLine(&b, fmt.Sprint(code, " ", label), code)
		w.e.l.write(b.Bytes())
		return
	} else {
		w.e.head(&b)
		w.e.statusLine(&b, what, code)
	}
	h := w.Header()
	w.e.l.body(&b, &w.e.respBody, h.Get("Content-Type"), h.Get("Content-Encoding"))
	w.e.l.write(b.Bytes())
}

// head writes the request line and the request body.
func (e *reqEntry) head(b *bytes.Buffer) {
	fmt.Fprintln(b, e.l.palette().req.Sprintf("> #%d %s %s", e.n, e.method, e.uri))
	e.l.body(b, &e.reqBody, e.reqType, "")
}

func (e *reqEntry) statusLine(b *bytes.Buffer, what string, code int) {
	p := e.l.palette()
	c := p.class[min(max(code/100, 0), len(p.class)-1)]
	fmt.Fprintf(b, "%s %s\n", c.Sprintf("< #%d %s", e.n, what), p.dim.Sprintf("[+%s]", fmtElapsed(time.Since(e.start))))
}

func fmtElapsed(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.0fms", ms)
}

func (l *reqLogger) write(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out.Write(p)
}
