package core

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// streamError is a reader that failed after the response had started: the
// status is gone, so the only honest thing left is to abort the connection.
type streamError struct{ err error }

func (e *streamError) Error() string {
	return fmt.Sprintf("core: the response body stream failed after the response had started (the connection must be aborted): %v", e.err)
}

func (e *streamError) Unwrap() error { return e.err }

var streamPool = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// sendStream copies r to w. The first read happens before the status is
// written, so that a reader that fails at once still gets a 500.
func sendStream(w http.ResponseWriter, code int, r io.Reader) (err error) {
	if c, ok := r.(io.Closer); ok {
		defer func() {
			if cerr := c.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("core: close the response body stream: %w", cerr)
			}
		}()
	}
	buf := streamPool.Get().(*[32 << 10]byte)
	defer streamPool.Put(buf)

	n, rerr := io.ReadAtLeast(r, buf[:], 1)
	if rerr != nil && rerr != io.EOF {
		return fmt.Errorf("core: read the response body stream: %w", rerr)
	}
	h := w.Header()
	if _, set := h["Content-Type"]; !set {
		h.Set("Content-Type", contentBinary)
	}
	// In-memory readers know their length: they are not really streams.
	if size, ok := knownLength(r); ok {
		setHeaders(w, nil, n+size)
	}
	w.WriteHeader(code)
	if rerr != nil || !bodyAllowed(code) {
		return nil
	}
	live := !hasLength(r)
	for {
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return nil // the client went away; nothing more to do
			}
			// A short read means the source had no more for now: send what
			// there is, as micro's piped streams do, instead of holding it.
			if live && n < len(buf) {
				_ = http.NewResponseController(w).Flush()
			}
		}
		if rerr != nil {
			if errors.Is(rerr, io.EOF) {
				return nil
			}
			return &streamError{err: rerr}
		}
		n, rerr = r.Read(buf[:])
	}
}

// knownLength returns what is left to read in the readers that are really
// byte slices.
func knownLength(r io.Reader) (int, bool) {
	switch v := r.(type) {
	case *bytes.Reader:
		return v.Len(), true
	case *strings.Reader:
		return v.Len(), true
	case *bytes.Buffer:
		return v.Len(), true
	}
	return 0, false
}

func hasLength(r io.Reader) bool {
	_, ok := knownLength(r)
	return ok
}
