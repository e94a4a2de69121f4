package core

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// cachedBody takes the place of r.Body once Buffer, Text or JSON has read
// from it, so that a second reader gets the same bytes (micro keeps them
// in a map keyed by request; r.Body is the Go place for them).
type cachedBody struct {
	data []byte        // the body read so far
	src  io.ReadCloser // the rest of the body; nil once read to the end
	orig io.ReadCloser // the request's own body, closed by Close
	want int64         // the declared Content-Length, or -1
	off  int           // how much of data Read has returned
	// diverged is set once Read returns bytes of src that are not in
	// data: the cache then no longer holds the body.
	diverged bool
	probe    [1]byte // checks for the end of a body of the declared size
}

// Read returns the body from its start, for code that reads r.Body after
// core did.
func (cb *cachedBody) Read(p []byte) (int, error) {
	if cb.off < len(cb.data) {
		n := copy(p, cb.data[cb.off:])
		cb.off += n
		return n, nil
	}
	if cb.src == nil {
		return 0, io.EOF
	}
	cb.diverged = true
	return cb.src.Read(p)
}

// Close closes the request's own body.
func (cb *cachedBody) Close() error { return cb.orig.Close() }

// fill reads the rest of the body into data. It reads at most one byte
// more than limit: enough to know the body is too large.
func (cb *cachedBody) fill(limit int64) error {
	for empty := 0; ; {
		if int64(len(cb.data)) > limit {
			return errOverLimit
		}
		var n int
		var err error
		if len(cb.data) < cap(cb.data) {
			room := min(int64(cap(cb.data)), limit+1)
			n, err = cb.src.Read(cb.data[len(cb.data):room])
			cb.data = cb.data[:len(cb.data)+n]
		} else if cap(cb.data) > 0 && len(cb.data) == cap(cb.data) {
			// The buffer is as large as the body should be: look for its
			// end without growing it for nothing.
			n, err = cb.src.Read(cb.probe[:])
			if n > 0 {
				cb.data = append(slices.Grow(cb.data, 512), cb.probe[0])
			}
		} else {
			cb.data = slices.Grow(cb.data, int(min(max(int64(len(cb.data)), 512), limit+1-int64(len(cb.data)))))
			continue
		}
		if errors.Is(err, io.EOF) {
			if int64(len(cb.data)) > limit {
				return errOverLimit
			}
			if cb.want >= 0 && int64(len(cb.data)) < cb.want {
				return fmt.Errorf("the body ended after %d of its %d bytes: %w", len(cb.data), cb.want, io.ErrUnexpectedEOF)
			}
			cb.src = nil
			return nil
		}
		if err != nil {
			return err
		}
		if empty++; n > 0 {
			empty = 0
		} else if empty >= 100 {
			return io.ErrNoProgress
		}
	}
}
