package core_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// bodyRequest is a request with body and, when contentLength >= 0, that
// declared length; -1 is a body of unknown length, as a chunked one.
func bodyRequest(t *testing.T, body io.Reader, contentLength int64, contentType string) *http.Request {
	t.Helper()
	req := mustRequest(t, "POST", "/", "")
	req.Body = io.NopCloser(body)
	req.ContentLength = contentLength
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// wantHTTPError checks that err is an *HTTPError with that status and message.
func wantHTTPError(t *testing.T, err error, status int, msg string) {
	t.Helper()
	var he *core.HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("err = %v (%T), want an *HTTPError %d %q", err, err, status, msg)
	}
	if he.StatusCode != status || he.Message != msg {
		t.Errorf("err = %d %q, want %d %q", he.StatusCode, he.Message, status, msg)
	}
}

func TestBodyReadErrors(t *testing.T) {
	t.Parallel()
	_, err := core.Buffer(bodyRequest(t, errReader{errors.New("connection reset")}, -1, ""))
	wantHTTPError(t, err, 400, "Invalid body")
	_, err = core.Buffer(bodyRequest(t, strings.NewReader("short"), 10, ""))
	wantHTTPError(t, err, 400, "Invalid body")
}

// A client that sends less than its Content-Length gets 400 Invalid body.
func TestBodyTruncatedByClient(t *testing.T) {
	t.Parallel()
	url := serve(t, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Text(r)
	}))
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
	_ = conn.(*net.TCPConn).CloseWrite()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 400 || string(body) != "Invalid body" {
		t.Errorf("got %d %q, want 400 \"Invalid body\"", res.StatusCode, body)
	}
}

func TestJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body string }{
		{"empty", ""},
		{"malformed", `{ "bad json" }`},
		{"trailing data", `{} {}`},
		{"wrong type", `{"name": 42}`},
		{"truncated", `{"name": "Ada"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var u user
			err := core.JSON(bodyRequest(t, strings.NewReader(tt.body), int64(len(tt.body)), "application/json"), &u)
			wantHTTPError(t, err, 400, "Invalid JSON")
		})
	}
	t.Run("not a pointer", func(t *testing.T) {
		t.Parallel()
		err := core.JSON(bodyRequest(t, strings.NewReader("{}"), 2, ""), user{})
		var he *core.HTTPError
		if err == nil || errors.As(err, &he) {
			t.Errorf("err = %v; want a plain error (the handler's bug, a 500)", err)
		}
	})
}

// The body is read once and every reader after gets it again.
func TestBodyCached(t *testing.T) {
	t.Parallel()
	for _, chunked := range []bool{false, true} {
		body := &readCounter{r: strings.NewReader(someCoolJSON)}
		length := int64(len(someCoolJSON))
		if chunked {
			length = -1
		}
		req := bodyRequest(t, body, length, "")
		b1, err1 := core.Buffer(req)
		reads := body.reads
		s, err2 := core.Text(req)
		var p payload
		err3 := core.JSON(req, &p)
		b2, err4 := core.Buffer(req)
		rest, err5 := io.ReadAll(req.Body)
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			t.Fatal(err)
		}
		if string(b1) != someCoolJSON || s != someCoolJSON || p.Some.Cool != "json" || string(b2) != someCoolJSON || string(rest) != someCoolJSON {
			t.Errorf("chunked=%v: reads differ: %q %q %+v %q %q", chunked, b1, s, p, b2, rest)
		}
		if body.reads != reads {
			t.Errorf("chunked=%v: the body was read again after the first Buffer", chunked)
		}
		if _, err := core.Buffer(req, core.Limit("3")); err == nil {
			t.Errorf("chunked=%v: a smaller limit on the cached body was not applied", chunked)
		}
	}
}

func TestNoBody(t *testing.T) {
	t.Parallel()
	req := mustRequest(t, "GET", "/", "")
	if b, err := core.Buffer(req); err != nil || len(b) != 0 {
		t.Errorf("Buffer = %q, %v", b, err)
	}
	if s, err := core.Text(req); err != nil || s != "" {
		t.Errorf("Text = %q, %v", s, err)
	}
	var v any
	wantHTTPError(t, core.JSON(req, &v), 400, "Invalid JSON")
}

type readCounter struct {
	r     io.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}
