package devserver

import (
	"context"
	"io"
	"net/http"
	"sync"
)

// clientBody notes why reading a request body from the client failed (a
// malformed chunked encoding, a body that stopped arriving), so that the
// proxy error that follows is answered as the client's fault, 400, as
// micro answers it, and not blamed on the program.
type clientBody struct {
	io.ReadCloser
	mu  sync.Mutex // the transport reads in a goroutine of its own
	err error
}

func (b *clientBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.mu.Lock()
		if b.err == nil {
			b.err = err
		}
		b.mu.Unlock()
	}
	return n, err
}

// clientBodyKey finds r's clientBody in the request the proxy's error
// handler gets, whose Body the proxy has wrapped.
type clientBodyKey struct{}

// watchBody returns r with its body, if any, watched by a clientBody.
func watchBody(r *http.Request) *http.Request {
	if r.Body == nil || r.Body == http.NoBody {
		return r
	}
	b := &clientBody{ReadCloser: r.Body}
	r = r.WithContext(context.WithValue(r.Context(), clientBodyKey{}, b))
	r.Body = b
	return r
}

// clientBodyErr is why reading r's body from the client failed, if it did.
func clientBodyErr(r *http.Request) error {
	b, ok := r.Context().Value(clientBodyKey{}).(*clientBody)
	if !ok {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// invalidBody answers a request whose body could not be read, as core
// does; the connection is closed after it, since what is left of the body
// cannot be told from the next request.
func invalidBody(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Connection", "close")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("Invalid body"))
}
