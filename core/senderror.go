package core

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// SendError answers the request with err.
//
// The status is the StatusCode of the first *HTTPError in err's chain, or
// that of the first error with a StatusCode() int method, else 500. The
// body, text/plain, is the HTTPError's Message; for another error with a
// status below 500 its Error() text; otherwise the status text, such as
// "Internal Server Error", so that no internal detail reaches a client.
//
// Errors with a status of 500 or more are logged to stderr with their
// stack. In development mode (see Dev) their response carries the error's
// text and stack as well, with the header X-Micro-Error: 1: a small HTML
// page for browsers (Accept: text/html) that also carries the JSON form in
// <script type="application/json" id="micro-error">;
// {"error":{"status":…,"message":…,"stack":…,"type":…,"frames":[…]}} for
// Accept: application/json (with "panic", "chain" and "stackless" when
// they apply); otherwise plain text, the message, a blank line and the
// stack, with control characters escaped.
//
// Below 500 the body is the same in both modes. In development mode an
// HTTPError with a cause (Err) is also logged to stderr with the cause and
// stack; in production it is not logged.
//
// If the response has already started, SendError only logs err.
func SendError(w http.ResponseWriter, r *http.Request, err error) {
	sendError(w, r, err, Dev(), callers(3))
}

// sendError is SendError with the dev flag read once by the caller. at is
// the stack to show for an error that recorded none of its own (callers
// take it, so that it starts where they want it to); the stack of a panic
// recorded in err wins.
func sendError(w http.ResponseWriter, r *http.Request, err error, dev bool, at []uintptr) {
	if err == nil {
		err = errors.New("core: SendError was called with a nil error")
	}
	status, he, sc := errorStatus(err)
	msg := errorMessage(status, he, sc)
	var stack []uintptr
	stackless := false
	switch {
	case status >= 500:
		if stack = errorStack(err); stack == nil {
			stack, stackless = at, true
		}
		logError(r, status, err, stack)
	case dev && he != nil && he.Err != nil:
		// The client gets the Message it may parse; the developer still
		// needs to see why.
		logError(r, status, err, errorStack(err))
	}
	if started(w) {
		return
	}
	if dev && status >= 500 {
		sendDevError(w, r, status, msg, err, stack, stackless)
		return
	}
	writeError(w, status, contentText, msg)
}

// writeError replaces whatever headers describe the body the handler meant
// to send with those of the error body.
func writeError(w http.ResponseWriter, status int, contentType, body string) {
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if !bodyAllowed(status) {
		w.WriteHeader(status)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// logError writes one error with its stack to stderr in a single write, so
// that concurrent requests do not interleave their lines.
func logError(r *http.Request, status int, err error, stack []uintptr) {
	var b strings.Builder
	b.WriteString("micro: ")
	if r != nil && r.URL != nil {
		fmt.Fprintf(&b, "%s %s: ", r.Method, r.URL.RequestURI())
	}
	fmt.Fprintf(&b, "%d %s: %v\n", status, http.StatusText(status), err)
	writeStack(&b, frames(stack))
	_, _ = os.Stderr.WriteString(b.String())
}

// logHandled logs an error a Func returned after writing its own response:
// the client cannot be told, so the log is the only place it shows.
func logHandled(r *http.Request, err error) {
	status, _, _ := errorStatus(err)
	stack := errorStack(err)
	var b strings.Builder
	fmt.Fprintf(&b, "micro: %s %s: error after the response was sent (status %d): %v\n",
		r.Method, r.URL.RequestURI(), status, err)
	writeStack(&b, frames(stack))
	_, _ = os.Stderr.WriteString(b.String())
}
