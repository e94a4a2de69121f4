package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// BodyOption changes how Buffer, Text and JSON read a request body: see
// Limit and Encoding.
type BodyOption struct {
	limit    string
	charset  string
	hasLimit bool
	hasCS    bool
}

// Limit sets the largest body the readers accept, as ParseSize reads it
// ("1mb", "512kb", "2048"); the default is "1mb". A larger body is an
// *HTTPError 413 "Body exceeded <size> limit", with the size as written
// here.
func Limit(size string) BodyOption { return BodyOption{limit: size, hasLimit: true} }

// Encoding sets the body's charset, instead of the charset parameter of
// the request's Content-Type, for Text and JSON to decode: utf-8 (the
// default), us-ascii or iso-8859-1 (latin1). Any other charset, here or in
// the request, is an *HTTPError 400 "Invalid body"; Buffer, which does not
// decode, checks only a charset given here.
func Encoding(charset string) BodyOption { return BodyOption{charset: charset, hasCS: true} }

// defaultLimit is micro's: the text is what the 413 message shows.
const (
	defaultLimit     = "1mb"
	defaultLimitSize = 1 << 20
)

// bodyOptions is the sum of the options given to a reader.
type bodyOptions struct {
	limitText string
	limit     int64
	charset   string
	hasCS     bool
}

func readOptions(opts []BodyOption) (bodyOptions, error) {
	o := bodyOptions{limitText: defaultLimit, limit: defaultLimitSize}
	for _, opt := range opts {
		if opt.hasLimit {
			o.limitText = opt.limit
		}
		if opt.hasCS {
			o.charset, o.hasCS = opt.charset, true
		}
	}
	if o.limitText != defaultLimit {
		n, err := ParseSize(o.limitText)
		if err != nil {
			return o, fmt.Errorf("core: bad body Limit: %w", err)
		}
		o.limit = n
	}
	return o, nil
}

// Buffer reads the request body and returns it as is. The body is cached:
// a second call, or Text or JSON after it, returns the same bytes, and a
// later reader of r.Body reads it again from the start.
//
// Errors are *HTTPErrors: 413 "Body exceeded 1mb limit" for a body over
// the limit (refused unread when Content-Length declares it), 400 "Invalid
// body" for a body cut short, a failed read or an unsupported Encoding.
// Returned from a Func, they become exactly that response.
func Buffer(r *http.Request, opts ...BodyOption) ([]byte, error) {
	o, err := readOptions(opts)
	if err != nil {
		return nil, err
	}
	if o.hasCS {
		if _, ok := lookupCharset(o.charset); !ok {
			return nil, newError(http.StatusBadRequest, "Invalid body",
				fmt.Errorf("unsupported charset %q: use utf-8, us-ascii or iso-8859-1", o.charset))
		}
	}
	return readBody(r, o)
}

// Text reads the request body as Buffer does and decodes it from its
// charset (the Encoding option, else the request's Content-Type charset,
// else UTF-8) into a string. A UTF-8 body is returned byte for byte.
func Text(r *http.Request, opts ...BodyOption) (string, error) {
	o, err := readOptions(opts)
	if err != nil {
		return "", err
	}
	cs, err := bodyCharset(r, o)
	if err != nil {
		return "", err
	}
	b, err := readBody(r, o)
	if err != nil {
		return "", err
	}
	s, err := cs.decode(b)
	if err != nil {
		return "", newError(http.StatusBadRequest, "Invalid body", err)
	}
	return s, nil
}

// JSON reads the request body as Text does and decodes it as JSON into v,
// as json.Unmarshal does. A body that is empty or not valid JSON for v is
// an *HTTPError 400 "Invalid JSON"; the other errors are Buffer's.
func JSON(r *http.Request, v any, opts ...BodyOption) error {
	o, err := readOptions(opts)
	if err != nil {
		return err
	}
	cs, err := bodyCharset(r, o)
	if err != nil {
		return err
	}
	b, err := readBody(r, o)
	if err != nil {
		return err
	}
	if cs != utf8Charset {
		s, err := cs.decode(b)
		if err != nil {
			return newError(http.StatusBadRequest, "Invalid body", err)
		}
		b = []byte(s)
	}
	// A UTF-8 byte order mark, as some Windows clients send, is not JSON's
	// business; micro's decoder drops it too.
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if err := json.Unmarshal(b, v); err != nil {
		if _, ok := asType[*json.InvalidUnmarshalError](err); ok {
			return fmt.Errorf("core: JSON needs a non-nil pointer to decode into: %w", err)
		}
		return newError(http.StatusBadRequest, "Invalid JSON", err)
	}
	return nil
}

// bodyCharset is the charset Text and JSON decode with.
func bodyCharset(r *http.Request, o bodyOptions) (charset, error) {
	name := o.charset
	if !o.hasCS {
		name = requestCharset(r.Header.Get("Content-Type"))
	}
	cs, ok := lookupCharset(name)
	if !ok {
		return 0, newError(http.StatusBadRequest, "Invalid body",
			fmt.Errorf("unsupported charset %q: use utf-8, us-ascii or iso-8859-1", name))
	}
	return cs, nil
}

// tooLarge is the 413 error for a body over the limit.
func tooLarge(o bodyOptions, cause error) *HTTPError {
	return newError(http.StatusRequestEntityTooLarge, "Body exceeded "+o.limitText+" limit", cause)
}

// readBody reads the whole body once, up to the limit, and caches it in
// r.Body for the next reader.
func readBody(r *http.Request, o bodyOptions) ([]byte, error) {
	cb, ok := r.Body.(*cachedBody)
	if ok && cb.diverged {
		return nil, newError(http.StatusBadRequest, "Invalid body",
			errors.New("the body was read from r.Body past what core had read: read it with Buffer, Text or JSON only"))
	}
	if ok && cb.src == nil {
		if int64(len(cb.data)) > o.limit {
			return nil, tooLarge(o, fmt.Errorf("the body is %d bytes", len(cb.data)))
		}
		return cb.data, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if !ok && r.ContentLength > o.limit {
		return nil, tooLarge(o, fmt.Errorf("Content-Length %d is over %d bytes", r.ContentLength, o.limit))
	}
	if !ok {
		cb = &cachedBody{src: r.Body, orig: r.Body, want: r.ContentLength}
		r.Body = cb
		if r.ContentLength > 0 {
			// Exactly the declared size: Go's server returns io.EOF with
			// the last byte, so no second buffer is needed.
			cb.data = make([]byte, 0, r.ContentLength)
		}
	}
	if err := cb.fill(o.limit); err != nil {
		mbe, isMax := asType[*http.MaxBytesError](err)
		switch {
		case errors.Is(err, errOverLimit):
			return nil, tooLarge(o, err)
		case isMax:
			// A limit set around the body by other code, such as
			// http.MaxBytesHandler, is reported as its own.
			return nil, newError(http.StatusRequestEntityTooLarge,
				"Body exceeded "+strconv.FormatInt(mbe.Limit, 10)+" limit", err)
		}
		return nil, newError(http.StatusBadRequest, "Invalid body", err)
	}
	return cb.data, nil
}

var errOverLimit = errors.New("the body is over the limit")
