// Package core is micro for Go: HTTP handlers that return their response.
//
// A Func is an http.Handler whose function returns a value and an error
// instead of writing to the ResponseWriter:
//
//	var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
//		var in struct{ Name string }
//		if err := core.JSON(r, &in); err != nil {
//			return nil, err // 400 Invalid JSON, 413 Body exceeded 1mb limit, ...
//		}
//		if in.Name == "" {
//			return nil, core.Error(http.StatusBadRequest, "Name is required", nil)
//		}
//		return map[string]string{"hello": in.Name}, nil
//	})
//
// The value becomes the response: a string is sent as text/plain, a
// []byte as application/octet-stream, an io.Reader is streamed, nil, nil
// is 204 No Content, and anything else is sent as JSON. WithStatus picks
// another status than 200. A Func can also write the response itself, as
// any handler does; what it returns is then ignored.
//
// An error becomes the response too: an *HTTPError (see Error) sends its
// status and message, any other error a 500 "Internal Server Error" whose
// details are logged to stderr but never sent, outside development mode. A
// panic in a Func is answered the same way and does not stop the server.
//
// Buffer, Text and JSON read request bodies with a size limit (Limit,
// default 1mb) and a charset (Encoding); they can be called more than once.
// Send and SendError do for any http.Handler what a Func does with its
// results.
//
// In development mode (Dev; MICRO_ENV=development, as micro-dev sets it)
// JSON is indented and 5xx responses carry the error and its stack: a
// small HTML page for browsers, JSON or plain text for other clients, all
// marked with the header X-Micro-Error: 1 (micro-dev shows its full error
// page in place of core's). Production binaries carry none of this weight:
// core uses the standard library only, and no templates.
//
// Serve runs a handler on one or more endpoints (tcp://host:port,
// unix:/path, host:port, a bare port; see ParseEndpoint) until its context
// ends, then drains requests in flight. Adapt takes the handler shapes the
// micro command serves.
//
// A handler is tested like any http.Handler, with net/http/httptest:
//
//	rec := httptest.NewRecorder()
//	Handler.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(`{"Name":"Ada"}`)))
//	// rec.Code == 200, rec.Body.String() == `{"hello":"Ada"}`
package core
