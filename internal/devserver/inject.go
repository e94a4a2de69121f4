package devserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// injectReload adds the live-reload client to the program's own HTML pages
// (only with --inject-reload), so they refresh on a new build as the error
// pages do. Pages micro-dev drew itself carry the client already.
func injectReload(resp *http.Response) error {
	if _, drawn := resp.Body.(drawnPage); drawn {
		return nil
	}
	return inject(resp, reloadScript)
}

// reloadScript is the client, made once: it is the same for every page.
var reloadScript = []byte(errpage.ReloadScript(ReloadPath))

// bodyClose is what the live-reload client is inserted before.
var bodyClose = []byte("</body>")

// injectable reports whether a response of the program may get the
// live-reload client: an HTML document with a body.
func injectable(resp *http.Response) bool {
	if resp.Request != nil && resp.Request.Method == http.MethodHead {
		return false
	}
	switch {
	case resp.StatusCode < 200, resp.StatusCode == http.StatusNoContent, resp.StatusCode == http.StatusNotModified:
		return false
	}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml+xml")
}

// mayInject prepares a request whose response may get the client: the
// program is asked for an uncompressed body, so that it can be rewritten
// as it streams. Only navigations are touched; assets keep compression.
func mayInject(r *http.Request) {
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		r.Header.Del("Accept-Encoding")
	}
}

// inject rewrites an HTML response to carry script: before the first
// </body>, or at the end of a page without one. The body streams through
// as it arrives (chunked or not, of any size), so the length is no longer
// known; a gzip body (a program that compresses whatever is asked) is
// decoded on the way. Other encodings are left alone: injecting into them
// would mean decoding what the standard library cannot.
func inject(resp *http.Response, script []byte) error {
	if !injectable(resp) {
		return nil
	}
	body := resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			// Not gzip after all: pass it on as the program sent it.
			return nil
		}
		body = &readCloser{Reader: zr, close: resp.Body.Close}
		resp.Header.Del("Content-Encoding")
	default:
		return nil
	}
	resp.Body = &injector{src: body, script: script}
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
	resp.Header.Del("Content-MD5")
	resp.Header.Del("ETag") // the bytes differ from what the tag names
	return nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

// injector passes src through, inserting script once: before the first
// </body> (any case), or at EOF. It holds back only a tail that could be
// the start of </body>, so a streamed page is never delayed by more than
// the six bytes of a tag split across two reads.
type injector struct {
	src    io.ReadCloser
	script []byte
	done   bool   // the script is in out (or was sent)
	held   []byte // read from src, not yet given to the caller
	out    []byte // ready for the caller
	err    error  // src's error, given once out is drained
}

func (j *injector) Read(p []byte) (int, error) {
	for len(j.out) == 0 {
		if j.err != nil {
			return 0, j.err
		}
		j.fill(p)
	}
	n := copy(p, j.out)
	j.out = j.out[n:]
	return n, nil
}

// fill reads once from src and moves what is safe to out.
func (j *injector) fill(p []byte) {
	n, err := j.src.Read(p)
	buf := append(j.held, p[:n]...)
	j.held = nil
	if j.done {
		j.out = buf
	} else if i := indexFold(buf, bodyClose); i >= 0 {
		j.out = append(append(append(make([]byte, 0, len(buf)+len(j.script)), buf[:i]...), j.script...), buf[i:]...)
		j.done = true
	} else {
		keep := partialSuffix(buf, bodyClose)
		j.out, j.held = buf[:len(buf)-keep], append([]byte(nil), buf[len(buf)-keep:]...)
	}
	if err != nil {
		j.err = err
		if !j.done {
			j.out = append(append(j.out, j.held...), j.script...)
			j.held, j.done = nil, true
		}
	}
}

func (j *injector) Close() error { return j.src.Close() }

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(s, sep []byte) int {
	for i := 0; i+len(sep) <= len(s); i++ {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

// partialSuffix is the length of the longest tail of s that begins sep.
func partialSuffix(s, sep []byte) int {
	for k := min(len(sep)-1, len(s)); k > 0; k-- {
		if bytes.EqualFold(s[len(s)-k:], sep[:k]) {
			return k
		}
	}
	return 0
}
