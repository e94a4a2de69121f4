package core

import (
	"net/http"
	"reflect"
)

// Func is a handler that returns its response instead of writing it: the
// value it returns is sent as Send would send it, with status 200, and an
// error it returns is sent with SendError.
//
//	var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
//		return "Welcome to Micro", nil
//	})
//
// Returning nil, nil sends 204 No Content. A Func that writes to w itself
// (a header with WriteHeader, or any body) is left alone: what it returns
// is ignored, and an error it returns is only logged. A Func that only sets
// headers, such as Content-Type, still has its return value sent.
//
// A panic in a Func is recovered and answered like a returned error (500,
// unless the panic value is an error with another status), and the server
// goes on; http.ErrAbortHandler is panicked again, as the server expects.
//
// As with any http.Handler, w must not be used after the Func returns:
// core reuses the writer it hands a Func for a later request.
type Func func(w http.ResponseWriter, r *http.Request) (any, error)

// ServeHTTP calls f and sends what it returns.
func (f Func) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := writerPool.Get().(*responseWriter)
	rw.w = w
	defer rw.recoverPanic(r)
	v, err := f(rw, r)
	rw.finish(r, f, v, err)
	// Not reached on a panic: that writer is left to the collector.
	*rw = responseWriter{}
	writerPool.Put(rw)
}

// finish sends the results of the Func f.
func (rw *responseWriter) finish(r *http.Request, f Func, v any, err error) {
	if rw.started {
		if err != nil {
			rw.abortOrLog(r, err)
		}
		return
	}
	dev := Dev()
	if err != nil {
		sendError(rw, r, err, dev, returnedAt(f))
		return
	}
	if v == nil {
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	if err := send(rw, http.StatusOK, v, dev); err != nil {
		if rw.started {
			rw.abortOrLog(r, err)
			return
		}
		sendError(rw, r, err, dev, callers(3))
	}
}

// returnedAt is the stack of an error a Func returned that recorded none
// (errors.New, fmt.Errorf): the Func has returned, so the nearest place
// left to point at is the Func itself, put on top of the stack that called
// it. The first frame is the Func's entry, +1 because frames are read as
// return addresses; it shows as the line the Func is declared on.
func returnedAt(f Func) []uintptr {
	return append([]uintptr{reflect.ValueOf(f).Pointer() + 1}, callers(4)...)
}

// abortOrLog deals with an error that came too late to be sent: it is
// logged, and when it is a stream cut short the connection is aborted so
// the client sees an incomplete response rather than a complete one.
func (rw *responseWriter) abortOrLog(r *http.Request, err error) {
	logHandled(r, err)
	if _, ok := asType[*streamError](err); ok {
		panic(http.ErrAbortHandler)
	}
}

// recoverPanic turns a panic in the handler into an error response.
func (rw *responseWriter) recoverPanic(r *http.Request) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	// The deferred call runs on top of the panicking stack: callers here
	// sees the frames that panicked; frames() trims the runtime's part.
	err := &panicError{value: p, pcs: callers(2)}
	if rw.started {
		logHandled(r, err)
		panic(http.ErrAbortHandler)
	}
	sendError(rw, r, err, Dev(), nil)
}
