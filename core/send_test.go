package core_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net"
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

// A Func that wrote its own response is left alone.
func TestFuncThatWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		fn         core.Func
		wantStatus int
		wantBody   string
	}{
		{"WriteHeader then return value", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.WriteHeader(418)
			return "ignored", nil
		}, 418, ""},
		{"Write then return error", func(w http.ResponseWriter, r *http.Request) (any, error) {
			_, _ = io.WriteString(w, "mine")
			return nil, errors.New("logged only")
		}, 200, "mine"},
		{"Flush then return value", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.(http.Flusher).Flush()
			return "ignored", nil
		}, 200, ""},
		{"io.Copy then nil", func(w http.ResponseWriter, r *http.Request) (any, error) {
			_, err := io.Copy(w, strings.NewReader("copied"))
			return nil, err
		}, 200, "copied"},
		{"1xx is not the response", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.WriteHeader(http.StatusEarlyHints)
			return "after hints", nil
		}, 200, "after hints"},
		{"headers only are not a response", func(w http.ResponseWriter, r *http.Request) (any, error) {
			w.Header().Set("X-Custom", "yes")
			return "value", nil
		}, 200, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, body := fetch(t, "GET", serve(t, tt.fn), "")
			if res.StatusCode != tt.wantStatus || body != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", res.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

// The writer a Func gets still offers what the server's does.
func TestFuncWriterInterfaces(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if err := http.NewResponseController(w).SetWriteDeadline(farFuture()); err != nil {
			return nil, err
		}
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 299 Hijacked\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		return "ignored", brw.Flush()
	})
	url := serve(t, h)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 299 || string(body) != "ok" {
		t.Errorf("got %d %q, want 299 \"ok\"", res.StatusCode, body)
	}
}

// A reader is closed after it is sent, and also when it fails.
func TestReaderClosed(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		r          io.Reader
		wantStatus int
	}{
		{"ok", strings.NewReader("data"), 200},
		{"fails", errReader{errors.New("boom")}, 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &closeRecorder{Reader: tt.r}
			rec := record(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return c, nil }),
				mustRequest(t, "GET", "/", ""))
			if rec.Code != tt.wantStatus || !c.closed {
				t.Errorf("status %d, closed %v; want %d, true", rec.Code, c.closed, tt.wantStatus)
			}
		})
	}
}

// A stream that fails after its first bytes aborts the connection: the
// client must see a broken response, not a short complete one.
func TestStreamErrorAfterStartAborts(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return io.MultiReader(strings.NewReader("partial"), errReader{errors.New("disk gone")}), nil
	})
	res, err := http.Get(serve(t, h))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil {
		t.Errorf("read a whole body %q; want the connection aborted", body)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(string(body), "partial") {
		t.Errorf("got %d %q, want 200 and the bytes before the failure", res.StatusCode, body)
	}
}

// A live stream reaches the client as it is produced, not at its end.
func TestStreamIsFlushed(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return pr, nil })
	url := serve(t, h)
	t.Cleanup(func() { _ = pw.Close() })
	// The headers wait for the first bytes; the stream then stays open.
	go func() { _, _ = io.WriteString(pw, "first\n") }()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("read %q, %v; want the first line before the stream ends", line, err)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }
