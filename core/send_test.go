package core_test

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

type user struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

func TestReturnValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		v          any
		wantStatus int
		wantType   string
		wantBody   string
		wantLength string // "" means no Content-Length
	}{
		{"string", "Welcome to Micro", 200, "text/plain; charset=utf-8", "Welcome to Micro", "16"},
		{"empty string", "", 200, "text/plain; charset=utf-8", "", "0"},
		{"utf-8 string", "héllo ❤️", 200, "text/plain; charset=utf-8", "héllo ❤️", "13"},
		{"bytes", []byte{0, 1, 2}, 200, "application/octet-stream", "\x00\x01\x02", "3"},
		{"reader", io.NopCloser(strings.NewReader("River")), 200, "application/octet-stream", "River", ""},
		{"strings.Reader has a length", strings.NewReader("River"), 200, "application/octet-stream", "River", "5"},
		{"empty reader", io.NopCloser(strings.NewReader("")), 200, "application/octet-stream", "", ""},
		{"struct", user{"Ada", 36}, 200, "application/json; charset=utf-8", `{"name":"Ada","age":36}`, "23"},
		{"pointer to struct", &user{"Ada", 36}, 200, "application/json; charset=utf-8", `{"name":"Ada","age":36}`, "23"},
		{"map", map[string]int{"a": 1}, 200, "application/json; charset=utf-8", `{"a":1}`, "7"},
		{"slice", []string{"a", "b"}, 200, "application/json; charset=utf-8", `["a","b"]`, "9"},
		{"int", 42, 200, "application/json; charset=utf-8", "42", "2"},
		{"float", 1.5, 200, "application/json; charset=utf-8", "1.5", "3"},
		{"true", true, 200, "application/json; charset=utf-8", "true", "4"},
		{"false", false, 200, "application/json; charset=utf-8", "false", "5"},
		{"json.RawMessage", json.RawMessage(`{"raw":true}`), 200, "application/json; charset=utf-8", `{"raw":true}`, "12"},
		{"typed nil map", map[string]int(nil), 200, "application/json; charset=utf-8", "null", "4"},
		{"html is escaped in JSON", map[string]string{"a": "<b>"}, 200, "application/json; charset=utf-8", `{"a":"\u003cb\u003e"}`, "21"},
		{"WithStatus string", core.WithStatus(201, "made"), 201, "text/plain; charset=utf-8", "made", "4"},
		{"WithStatus struct", core.WithStatus(202, user{"Bo", 1}), 202, "application/json; charset=utf-8", `{"name":"Bo","age":1}`, "21"},
		{"WithStatus nil", core.WithStatus(404, nil), 404, "", "", ""},
		{"WithStatus 204 drops a body", core.WithStatus(204, "ignored"), 204, "", "", ""},
		{"WithStatus invalid status", core.WithStatus(42, "x"), 500, "text/plain; charset=utf-8", "Internal Server Error", "21"},
		{"NaN cannot be JSON", math.NaN(), 500, "text/plain; charset=utf-8", "Internal Server Error", "21"},
		{"channel cannot be JSON", make(chan int), 500, "text/plain; charset=utf-8", "Internal Server Error", "21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return tt.v, nil })
			res, body := fetch(t, "GET", serve(t, h), "")
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if tt.wantLength != "" {
				if got := res.Header.Get("Content-Length"); got != tt.wantLength {
					t.Errorf("Content-Length = %q, want %q", got, tt.wantLength)
				}
			}
		})
	}
}

// Content-Length is set by core itself, not left to the server: a recorder
// shows what the handler wrote.
func TestContentLengthFromCore(t *testing.T) {
	t.Parallel()
	for _, v := range []any{"abc", []byte("abc"), map[string]int{"a": 1}} {
		rec := record(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return v, nil }),
			mustRequest(t, "GET", "/", ""))
		if got, want := rec.Header().Get("Content-Length"), len(rec.Body.String()); got != itoa(want) {
			t.Errorf("%T: Content-Length = %q, want %d", v, got, want)
		}
	}
}

func TestSendToPlainWriter(t *testing.T) {
	t.Parallel()
	rec := record(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := core.Send(w, 201, user{"Ada", 36}); err != nil {
			t.Error(err)
		}
	}), mustRequest(t, "GET", "/", ""))
	if rec.Code != 201 || rec.Body.String() != `{"name":"Ada","age":36}` || rec.Header().Get("Content-Length") != "23" {
		t.Errorf("got %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestSendErrorsBeforeWriting(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		code int
		v    any
	}{
		{"status below 200", 100, "x"},
		{"status above 999", 1000, "x"},
		{"unencodable", 200, func() {}},
		{"reader fails at once", 200, errReader{errors.New("boom")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := &countingWriter{header: http.Header{}}
			if err := core.Send(w, tt.code, tt.v); err == nil {
				t.Error("Send returned nil")
			}
			if w.writeHeaders != 0 || w.writes != 0 {
				t.Errorf("Send wrote: %d WriteHeader, %d Write", w.writeHeaders, w.writes)
			}
		})
	}
}

// Sending twice never crashes, and the second send changes nothing.
func TestSendTwice(t *testing.T) {
	t.Parallel()
	var second, third error
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		_ = core.Send(w, 200, "first")
		second = core.Send(w, 500, "second")
		core.SendError(w, r, errors.New("third"))
		third = core.Send(w, 200, map[string]int{"x": 1})
		return "fourth", nil
	})
	res, body := fetch(t, "GET", serve(t, h), "")
	if res.StatusCode != 200 || body != "first" {
		t.Errorf("got %d %q, want 200 \"first\"", res.StatusCode, body)
	}
	if second == nil || third == nil {
		t.Errorf("second Send = %v, third = %v; want errors", second, third)
	}
}
