package core_test

// The behaviours vercel/micro's own test suite checks (test/suite/index.ts
// and development.test.ts), ported test by test. Go has no promises and no
// sync/async split: micro's "return <Promise>" and "async" variants are
// handlers that block before returning; its "throw" is returning an error.
// micro's development-mode tests are in dev_test.go.

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestMicroSuiteResponses(t *testing.T) {
	t.Parallel()
	runMicroCases(t, []microCase{
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
		{name: "json circular", h: returning(func() {}, nil), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "no async", h: sendHandler(200, map[string]string{"a": "b"}), wantStatus: 200, wantBody: `{"a":"b"}`},
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
		{name: "Content-Type header for JSON is set", h: returning(map[string]string{}, nil), wantStatus: 200, wantType: "application/json; charset=utf-8", wantBody: "{}"},
	})
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
