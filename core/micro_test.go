package core_test

// The behaviours vercel/micro's own test suite checks (test/suite/index.ts
// and development.test.ts), ported test by test. Go has no promises and no
// sync/async split: micro's "return <Promise>" and "async" variants are
// handlers that block before returning; its "throw" is returning an error.

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

type payload struct {
	Some struct {
		Cool string `json:"cool"`
	} `json:"some"`
}

const someCoolJSON = `{"some":{"cool":"json"}}`

func TestMicroSuite(t *testing.T) {
	t.Parallel()
	sendHandler := func(code int, v any) core.Func {
		return func(w http.ResponseWriter, r *http.Request) (any, error) {
			return nil, core.Send(w, code, v)
		}
	}
	returning := func(v any, err error) core.Func {
		return func(w http.ResponseWriter, r *http.Request) (any, error) { return v, err }
	}
	tests := []struct {
		name        string
		h           http.Handler
		method      string
		body        string
		header      []string
		wantStatus  int
		wantBody    string
		wantType    string // checked when set
		bodyPrefix  bool   // wantBody is a prefix
		skipBodyChk bool
	}{
		{name: "send(200, <String>)", h: sendHandler(200, "woot"), wantStatus: 200, wantBody: "woot"},
		{name: "send(200, <Object>)", h: sendHandler(200, map[string]string{"a": "b"}), wantStatus: 200, wantBody: `{"a":"b"}`},
		{name: "send(200, <Number>)", h: sendHandler(200, 4), wantStatus: 200, wantBody: "4"},
		{name: "send(200, <Buffer>)", h: sendHandler(200, []byte("muscle")), wantStatus: 200, wantBody: "muscle"},
		{name: "send(200, <Stream>)", h: sendHandler(200, strings.NewReader("waterfall")), wantStatus: 200, wantBody: "waterfall"},
		{name: "send(<Number>)", h: sendHandler(404, nil), wantStatus: 404, wantBody: ""},
		{name: "return <String>", h: returning("woot", nil), wantStatus: 200, wantBody: "woot"},
		{name: "return <Promise>", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			// A value computed elsewhere, as micro's promise resolves later.
			promise := make(chan string)
			go func() { promise <- "I Promise" }()
			return <-promise, nil
		}), wantStatus: 200, wantBody: "I Promise"},
		{name: "sync return <String>", h: returning("argon", nil), wantStatus: 200, wantBody: "argon"},
		{name: "return empty string", h: returning("", nil), wantStatus: 200, wantBody: ""},
		{name: "return <Object>", h: returning(map[string]string{"a": "b"}, nil), wantStatus: 200, wantBody: `{"a":"b"}`},
		{name: "return <Number>", h: returning(4, nil), wantStatus: 200, wantBody: "4"},
		{name: "return <Buffer>", h: returning([]byte("Hammer"), nil), wantStatus: 200, wantBody: "Hammer"},
		{name: "return <Stream>", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return io.NopCloser(strings.NewReader("River")), nil
		}), wantStatus: 200, wantBody: "River"},
		{name: "return <null>", h: returning(nil, nil), wantStatus: 204, wantBody: ""},
		{name: "throw with code", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return nil, core.Error(402, "Error from test (expected)", nil)
		}), wantStatus: 402, wantBody: "Error from test (expected)"},
		{name: "throw (500)", h: returning(nil, errors.New("500 from test (expected)")), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "throw (500) sync", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			panic(errors.New("500 from test (expected)"))
		}), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "send(200, <Stream>) with error on same tick", h: sendHandler(200, io.MultiReader(errReader{errors.New("500 from test (expected)")})),
			wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "custom error", h: handleErrors(returning(nil, errors.New("500 from test (expected)"))), wantStatus: 200, wantBody: "My custom error!"},
		{name: "custom async error", h: handleErrors(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			panic("500 from test (expected)")
		})), wantStatus: 200, wantBody: "My custom error!"},
		{name: "json parse error", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var body map[string]string
			if err := core.JSON(r, &body); err != nil {
				return nil, err
			}
			return body["woot"], nil
		}), method: "POST", body: `{ "bad json" }`, header: []string{"Content-Type", "application/json"}, wantStatus: 400, wantBody: "Invalid JSON"},
		{name: "json", h: coolHandler(), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "json limit (below)", h: coolHandler(core.Limit("100")), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "json limit (over)", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var p payload
			var he *core.HTTPError
			if err := core.JSON(r, &p, core.Limit("3")); !errors.As(err, &he) || he.StatusCode != 413 {
				return nil, errors.New("want a 413 HTTPError")
			}
			return "ok", nil
		}), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: "ok"},
		{name: "json circular", h: returning(func() {}, nil), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "no async", h: sendHandler(200, map[string]string{"a": "b"}), wantStatus: 200, wantBody: `{"a":"b"}`},
		{name: "limit included in error", h: coolHandler(core.Limit("3")), method: "POST", body: someCoolJSON, wantStatus: 413, wantBody: "Body exceeded 3 limit"},
		{name: "support for status fallback in errors", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			core.SendError(w, r, statusErr{403, "Custom"})
		}), wantStatus: 403, wantBody: "Custom"},
		{name: "json from rawBodyMap works", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var one, two payload
			if err := core.JSON(r, &one); err != nil {
				return nil, err
			}
			if err := core.JSON(r, &two); err != nil {
				return nil, err
			}
			if one != two {
				return nil, errors.New("second read differs")
			}
			return map[string]string{"response": one.Some.Cool}, nil
		}), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "statusCode defaults to 200", h: returning("woot", nil), wantStatus: 200, wantBody: "woot"},
		{name: "statusCode on response works", h: returning(core.WithStatus(400, "woot"), nil), wantStatus: 400, wantBody: "woot"},
		{name: "Content-Type header is preserved on string", h: withType("text/html", "<blink>woot</blink>"), wantStatus: 200, wantType: "text/html", wantBody: "<blink>woot</blink>"},
		{name: "Content-Type header is preserved on stream", h: withType("text/html", strings.NewReader("River")), wantStatus: 200, wantType: "text/html", wantBody: "River"},
		{name: "Content-Type header is preserved on buffer", h: withType("text/html", []byte("hello")), wantStatus: 200, wantType: "text/html", wantBody: "hello"},
		{name: "Content-Type header is preserved on object", h: withType("text/html", map[string]string{}), wantStatus: 200, wantType: "text/html", wantBody: "{}"},
		{name: "res.end is working", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			_, err := io.WriteString(w, "woot")
			return nil, err
		}), wantStatus: 200, wantBody: "woot"},
		{name: "json should throw 400 on empty body with no headers", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var v any
			return v, core.JSON(r, &v)
		}), wantStatus: 400, wantBody: "Invalid JSON"},
		{name: "buffer should throw 400 on invalid encoding", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return core.Buffer(r, core.Encoding("lol"))
		}), method: "POST", body: "❤️", wantStatus: 400, wantBody: "Invalid body"},
		{name: "buffer works", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return core.Buffer(r)
		}), method: "POST", body: "❤️", wantStatus: 200, wantBody: "❤️"},
		{name: "Content-Type header for JSON is set", h: returning(map[string]string{}, nil), wantStatus: 200, wantType: "application/json; charset=utf-8", wantBody: "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			method := tt.method
			if method == "" {
				method = "GET"
			}
			res, body := fetch(t, method, serve(t, tt.h), tt.body, tt.header...)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", res.StatusCode, tt.wantStatus, body)
			}
			if body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if tt.wantType != "" {
				if got := res.Header.Get("Content-Type"); got != tt.wantType {
					t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
				}
			}
		})
	}
}

// TestMicroReturnNullEndsOnce is micro's "return <null> calls res.end
// once": the status is written once and nothing else.
func TestMicroReturnNullEndsOnce(t *testing.T) {
	t.Parallel()
	w := &countingWriter{header: http.Header{}}
	core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, nil
	}).ServeHTTP(w, mustRequest(t, "GET", "/", ""))
	if w.writeHeaders != 1 || w.writes != 0 || w.status != 204 {
		t.Errorf("WriteHeader calls = %d, Write calls = %d, status = %d; want 1, 0, 204", w.writeHeaders, w.writes, w.status)
	}
}

func coolHandler(opts ...core.BodyOption) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		var p payload
		if err := core.JSON(r, &p, opts...); err != nil {
			return nil, err
		}
		return map[string]string{"response": p.Some.Cool}, nil
	}
}

// handleErrors is micro's custom error handler: a Func wrapping a Func.
func handleErrors(fn core.Func) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (v any, err error) {
		defer func() {
			if p := recover(); p != nil {
				v, err = "My custom error!", nil
			}
		}()
		if v, err = fn(w, r); err != nil {
			return "My custom error!", nil
		}
		return v, nil
	}
}

func withType(contentType string, v any) core.Func {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		w.Header().Set("Content-Type", contentType)
		return v, nil
	}
}

// statusErr is an error from another package with a StatusCode method.
type statusErr struct {
	code int
	msg  string
}

func (e statusErr) Error() string   { return e.msg }
func (e statusErr) StatusCode() int { return e.code }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// countingWriter counts the calls a handler makes.
type countingWriter struct {
	header               http.Header
	writeHeaders, writes int
	status               int
	body                 strings.Builder
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(code int) {
	w.writeHeaders++
	if w.status == 0 {
		w.status = code
	}
}
func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.status == 0 {
		w.status = 200
	}
	return w.body.Write(p)
}

func mustRequest(t testing.TB, method, target, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://example.com"+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
