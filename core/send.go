package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Content types core sets when the handler has not set one.
const (
	contentText   = "text/plain; charset=utf-8"
	contentBinary = "application/octet-stream"
	contentJSON   = "application/json; charset=utf-8"
	contentHTML   = "text/html; charset=utf-8"
)

// errAlreadySent is returned by Send on a response that has started.
var errAlreadySent = errors.New("core: the response was already sent: send once per request")

// withStatus is the value of WithStatus.
type withStatus struct {
	code int
	data any
}

// WithStatus returns a value that, returned from a Func, sends data (as
// Send would) with status code instead of 200. WithStatus(code, nil) sends
// the status and no body.
//
//	return core.WithStatus(http.StatusCreated, user), nil
func WithStatus(code int, data any) any {
	return withStatus{code: code, data: data}
}

// Send writes data as the response on w with status code, the way a Func's
// return value is sent:
//
//   - nil: no body
//   - string: as is, text/plain; charset=utf-8
//   - []byte: as is, application/octet-stream
//   - io.Reader: streamed, application/octet-stream, closed after if it is
//     an io.Closer
//   - the value of WithStatus: its data with its status
//   - anything else: JSON, application/json; charset=utf-8 (indented in
//     development mode)
//
// A Content-Type the handler already set is kept, and every body that is
// not streamed gets a Content-Length.
//
// Nothing is written when Send returns an error before the response has
// started: the value could not be encoded as JSON, the status is not a
// final one (200-999), or a reader failed before its first byte; SendError
// can still answer. When a reader fails after the response has started,
// the error says so, and the connection should be aborted with
// panic(http.ErrAbortHandler) so that the client does not take a cut body
// for a whole one; a Func does that itself when such an error is returned.
// Within a Func, a second Send on the same request writes nothing and
// returns an error.
func Send(w http.ResponseWriter, code int, data any) error {
	return send(w, code, data, Dev())
}

func send(w http.ResponseWriter, code int, data any, dev bool) error {
	if ws, ok := data.(withStatus); ok {
		code, data = ws.code, ws.data
	}
	if !validStatus(code) {
		return fmt.Errorf("core: cannot send status %d: use a final status from 200 to 999", code)
	}
	if started(w) {
		return errAlreadySent
	}
	switch v := data.(type) {
	case nil:
		w.WriteHeader(code)
		return nil
	case string:
		if !bodyAllowed(code) {
			w.WriteHeader(code)
			return nil
		}
		setHeaders(w, contentTextValue, len(v))
		w.WriteHeader(code)
		_, _ = io.WriteString(w, v)
		return nil
	case []byte:
		if !bodyAllowed(code) {
			w.WriteHeader(code)
			return nil
		}
		setHeaders(w, contentBinaryValue, len(v))
		w.WriteHeader(code)
		_, _ = w.Write(v)
		return nil
	case withStatus:
		return send(w, v.code, v.data, dev)
	case io.Reader:
		return sendStream(w, code, v)
	default:
		return sendJSON(w, code, v, dev)
	}
}

// bodyAllowed reports whether a response with status code may have a body.
func bodyAllowed(code int) bool {
	return code != http.StatusNoContent && code != http.StatusNotModified
}

// jsonBuffer is a pooled buffer with an encoder that writes into it, so
// that a JSON reply allocates neither the encoder nor its output.
type jsonBuffer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonPool = sync.Pool{New: func() any {
	jb := new(jsonBuffer)
	jb.enc = json.NewEncoder(&jb.buf)
	return jb
}}

// maxPooled is the largest buffer put back in a pool: one huge reply must
// not keep its memory alive for the life of the process.
const maxPooled = 64 << 10

// sendJSON encodes v before writing anything, so that a value that cannot
// be encoded still gets a 500.
func sendJSON(w http.ResponseWriter, code int, v any, dev bool) error {
	jb := jsonPool.Get().(*jsonBuffer)
	defer func() {
		if jb.buf.Cap() <= maxPooled {
			jb.buf.Reset()
			jsonPool.Put(jb)
		}
	}()
	if dev {
		jb.enc.SetIndent("", "  ")
	} else {
		jb.enc.SetIndent("", "")
	}
	if err := jb.enc.Encode(v); err != nil {
		return fmt.Errorf("core: encode the reply as JSON: %w", err)
	}
	// Encode ends the value with a newline; JSON.stringify, and so micro,
	// does not.
	body := bytes.TrimSuffix(jb.buf.Bytes(), []byte{'\n'})
	if !bodyAllowed(code) {
		w.WriteHeader(code)
		return nil
	}
	setHeaders(w, contentJSONValue, len(body))
	w.WriteHeader(code)
	_, _ = w.Write(body)
	return nil
}
