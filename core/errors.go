package core

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
)

// HTTPError is an error with the HTTP status and message a client gets when
// it reaches SendError, directly or by being returned from a Func. Err is
// the underlying cause, never sent to a client in production. With a
// status of 500 or more it is logged, and in development mode also shown
// in the error response. Below 500 the client always gets Message alone
// (clients may parse it); in development mode the cause is logged to
// stderr with the stack.
//
// Create one with Error to record where it happened; a struct literal
// works too, and then the stack is taken where the error is sent.
type HTTPError struct {
	StatusCode int    // the response status, e.g. 400
	Message    string // the response body; empty means http.StatusText(StatusCode)
	Err        error  // the cause, if any

	pcs []uintptr // where Error was called
}

// Error returns an HTTP error with status code, message msg (empty: the
// status text, such as "Not Found") and cause orig, which may be nil. It
// records the caller's stack for logs and development error pages.
//
//	if !ok {
//		return nil, core.Error(http.StatusNotFound, "No such user", nil)
//	}
func Error(code int, msg string, orig error) *HTTPError {
	return &HTTPError{StatusCode: code, Message: msg, Err: orig, pcs: callers(3)}
}

// Error returns the message, followed by the cause's text when there is
// one: "Invalid JSON: unexpected end of JSON input".
func (e *HTTPError) Error() string {
	msg := e.message()
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause, so that errors.Is and errors.As see through an
// HTTPError.
func (e *HTTPError) Unwrap() error { return e.Err }

// message is what a client reads for this error.
func (e *HTTPError) message() string {
	if e.Message != "" {
		return e.Message
	}
	if t := http.StatusText(e.StatusCode); t != "" {
		return t
	}
	return fmt.Sprintf("HTTP status %d", e.StatusCode)
}

func (e *HTTPError) stack() []uintptr { return e.pcs }

// newError is Error for core's own errors (body readers): the stack starts
// at the handler that called the reader, not in core.
func newError(code int, msg string, orig error) *HTTPError {
	pcs := callers(3)
	for len(pcs) > 1 {
		f, _ := runtime.CallersFrames(pcs[:1]).Next()
		if !strings.HasPrefix(f.Function, corePrefix) {
			break
		}
		pcs = pcs[1:]
	}
	return &HTTPError{StatusCode: code, Message: msg, Err: orig, pcs: pcs}
}

// corePrefix starts the name of every function of this package.
const corePrefix = "github.com/seed-1b2dc2de/micro/core."

// stacker is an error that knows where it happened.
type stacker interface{ stack() []uintptr }

// statusCoder is the informal interface of errors from other packages that
// carry an HTTP status.
type statusCoder interface{ StatusCode() int }

// panicError is a recovered panic, with the stack of the panicking goroutine.
type panicError struct {
	value any
	pcs   []uintptr
}

func (p *panicError) Error() string    { return fmt.Sprintf("panic: %v", p.value) }
func (p *panicError) stack() []uintptr { return p.pcs }

// Unwrap lets a panic with an error value, such as panic(core.Error(403,
// "", nil)), keep that error's status.
func (p *panicError) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// callers records the stack above the function that called callers,
// skipping skip frames in all (runtime.Callers, callers, and so on).
func callers(skip int) []uintptr {
	var buf [64]uintptr
	n := runtime.Callers(skip, buf[:])
	return append([]uintptr(nil), buf[:n]...)
}

// errorStatus is the response status for err: that of the first HTTPError
// in its chain, else of the first error with a StatusCode method, else 500.
// A status that is not a valid final HTTP status also gives 500.
func errorStatus(err error) (status int, he *HTTPError, sc statusCoder) {
	status = http.StatusInternalServerError
	if he, _ = asType[*HTTPError](err); he != nil {
		if validStatus(he.StatusCode) {
			status = he.StatusCode
		}
		return status, he, nil
	}
	if sc, _ = asType[statusCoder](err); sc != nil {
		if code := sc.StatusCode(); validStatus(code) {
			status = code
		}
	}
	return status, nil, sc
}

// errorMessage is the body a client gets in production for err sent with
// status: never the text of an error it cannot know to be meant for clients.
func errorMessage(status int, he *HTTPError, sc statusCoder) string {
	switch {
	case he != nil:
		if he.Message != "" {
			return he.Message
		}
	case sc != nil && status < 500:
		if err, ok := sc.(error); ok {
			return err.Error()
		}
	}
	return http.StatusText(status)
}

// validStatus reports whether code can be the status of a final response.
func validStatus(code int) bool { return code >= 200 && code <= 999 }

// errorStack returns the deepest recorded stack in err's chain, preferring
// that of a panic, or nil.
func errorStack(err error) []uintptr {
	var found []uintptr
	walkErrors(err, func(e error) bool {
		if p, ok := e.(*panicError); ok && len(p.pcs) > 0 {
			found = p.pcs
			return false
		}
		if s, ok := e.(stacker); ok && len(s.stack()) > 0 {
			found = s.stack()
		}
		return true
	})
	return found
}

// asType is errors.As for the type T: the first error in err's chain that
// is a T, or that sets one with an As method. errors.As does the same with
// reflection, which would weigh every binary that links core.
func asType[T any](err error) (T, bool) {
	var found T
	ok := false
	walkErrors(err, func(e error) bool {
		if t, is := e.(T); is {
			found, ok = t, true
		} else if a, is := e.(interface{ As(any) bool }); is && a.As(&found) {
			ok = true
		}
		return !ok
	})
	return found, ok
}

// walkErrors calls fn on err and every error it wraps, depth first, until
// fn returns false. Both Unwrap forms are followed; depth is bounded
// against cycles.
func walkErrors(err error, fn func(error) bool) {
	var walk func(error, int) bool
	walk = func(e error, depth int) bool {
		if e == nil || depth > 100 {
			return true
		}
		if !fn(e) {
			return false
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			return walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if !walk(inner, depth+1) {
					return false
				}
			}
		}
		return true
	}
	walk(err, 0)
}
