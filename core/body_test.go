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

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 1<<20+1)
	tests := []struct {
		name    string
		body    string
		chunked bool
		opts    []core.BodyOption
		wantMsg string // "" means no error
	}{
		{"below default", "hello", false, nil, ""},
		{"exactly the limit", "abc", false, []core.BodyOption{core.Limit("3")}, ""},
		{"exactly the limit, chunked", "abc", true, []core.BodyOption{core.Limit("3b")}, ""},
		{"over, declared", "abcd", false, []core.BodyOption{core.Limit("3")}, "Body exceeded 3 limit"},
		{"over, chunked", "abcd", true, []core.BodyOption{core.Limit("3")}, "Body exceeded 3 limit"},
		{"over the default", big, false, nil, "Body exceeded 1mb limit"},
		{"over the default, chunked", big, true, nil, "Body exceeded 1mb limit"},
		{"limit as written", strings.Repeat("x", 2000), false, []core.BodyOption{core.Limit("1KB")}, "Body exceeded 1KB limit"},
		{"limit zero", "a", false, []core.BodyOption{core.Limit("0")}, "Body exceeded 0 limit"},
		{"empty under limit zero", "", false, []core.BodyOption{core.Limit("0")}, ""},
		{"last option wins", "abcd", false, []core.BodyOption{core.Limit("3"), core.Limit("4")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			length := int64(len(tt.body))
			if tt.chunked {
				length = -1
			}
			b, err := core.Buffer(bodyRequest(t, strings.NewReader(tt.body), length, ""), tt.opts...)
			if tt.wantMsg != "" {
				wantHTTPError(t, err, 413, tt.wantMsg)
				return
			}
			if err != nil || string(b) != tt.body {
				t.Errorf("Buffer = %d bytes, %v; want the body", len(b), err)
			}
		})
	}
}

// A declared Content-Length over the limit is refused without reading.
func TestBodyLimitDeclaredNotRead(t *testing.T) {
	t.Parallel()
	body := &readCounter{r: strings.NewReader(strings.Repeat("x", 100))}
	_, err := core.Buffer(bodyRequest(t, body, 100, ""), core.Limit("10"))
	wantHTTPError(t, err, 413, "Body exceeded 10 limit")
	if body.reads != 0 {
		t.Errorf("the body was read %d times", body.reads)
	}
}

// A limit set around the body by other code is reported as a 413 too.
func TestBodyMaxBytesReader(t *testing.T) {
	t.Parallel()
	h := http.MaxBytesHandler(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Buffer(r)
	}), 5)
	req := bodyRequest(t, strings.NewReader("0123456789"), -1, "")
	rec := record(h, req)
	if rec.Code != 413 || rec.Body.String() != "Body exceeded 5 limit" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestBodyBadLimit(t *testing.T) {
	t.Parallel()
	_, err := core.Buffer(bodyRequest(t, strings.NewReader("x"), 1, ""), core.Limit("lots"))
	var he *core.HTTPError
	if err == nil || errors.As(err, &he) {
		t.Errorf("err = %v; want a plain error (a 500: the bug is the handler's)", err)
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

func TestTextCharsets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		body        string
		contentType string
		opts        []core.BodyOption
		want        string
		wantErr     bool
	}{
		{"no charset is utf-8", "héllo ❤️", "", nil, "héllo ❤️", false},
		{"utf-8", "héllo", "text/plain; charset=utf-8", nil, "héllo", false},
		{"UTF8 any case", "héllo", "text/plain; Charset=UTF8", nil, "héllo", false},
		{"quoted", "héllo", `text/plain; charset="utf-8"`, nil, "héllo", false},
		{"invalid utf-8 kept byte for byte", "a\xffb", "", nil, "a\xffb", false},
		{"us-ascii", "plain", "text/plain; charset=us-ascii", nil, "plain", false},
		{"us-ascii with a high byte", "caf\xe9", "text/plain; charset=us-ascii", nil, "", true},
		{"latin1", "caf\xe9", "text/plain; charset=latin1", nil, "café", false},
		{"iso-8859-1", "\xa3\xff", "text/plain; charset=ISO-8859-1", nil, "£ÿ", false},
		{"unsupported", "x", "text/plain; charset=lol", nil, "", true},
		{"unsupported utf-16", "x", "text/plain; charset=utf-16", nil, "", true},
		{"Encoding overrides the request", "caf\xe9", "text/plain; charset=lol", []core.BodyOption{core.Encoding("latin1")}, "café", false},
		{"Encoding unsupported", "x", "", []core.BodyOption{core.Encoding("ebcdic")}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := core.Text(bodyRequest(t, strings.NewReader(tt.body), int64(len(tt.body)), tt.contentType), tt.opts...)
			if tt.wantErr {
				wantHTTPError(t, err, 400, "Invalid body")
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Text = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestJSONCharsets(t *testing.T) {
	t.Parallel()
	var v map[string]string
	err := core.JSON(bodyRequest(t, strings.NewReader("{\"a\":\"caf\xe9\"}"), -1, "application/json; charset=latin1"), &v)
	if err != nil || v["a"] != "café" {
		t.Errorf("latin1 JSON = %v, %v", v, err)
	}
	err = core.JSON(bodyRequest(t, strings.NewReader("\xef\xbb\xbf{\"a\":\"bom\"}"), -1, ""), &v)
	if err != nil || v["a"] != "bom" {
		t.Errorf("JSON after a byte order mark = %v, %v", v, err)
	}
	err = core.JSON(bodyRequest(t, strings.NewReader(`{}`), -1, "application/json; charset=klingon"), &v)
	wantHTTPError(t, err, 400, "Invalid body")
}

// Buffer returns bytes: the request's charset does not matter to it.
func TestBufferIgnoresRequestCharset(t *testing.T) {
	t.Parallel()
	b, err := core.Buffer(bodyRequest(t, strings.NewReader("\xff\xfe"), 2, "text/plain; charset=lol"))
	if err != nil || string(b) != "\xff\xfe" {
		t.Errorf("Buffer = %q, %v", b, err)
	}
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

// A body refused for its size can still be read with a larger limit.
func TestBodyOverLimitThenLarger(t *testing.T) {
	t.Parallel()
	req := bodyRequest(t, strings.NewReader("0123456789"), -1, "")
	_, err := core.Buffer(req, core.Limit("4"))
	wantHTTPError(t, err, 413, "Body exceeded 4 limit")
	b, err := core.Buffer(req, core.Limit("1kb"))
	if err != nil || string(b) != "0123456789" {
		t.Errorf("Buffer = %q, %v; want the whole body", b, err)
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

// The echo of micro's README is byte-exact, whatever the UTF-8.
func TestEchoIsByteExact(t *testing.T) {
	t.Parallel()
	url := serve(t, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Text(r)
	}))
	const s = "❤️ e\u0301 𝄞 日本語 \u200d 🏳️‍🌈"
	if _, body := fetch(t, "POST", url, s); body != s {
		t.Errorf("echo = %q, want %q", body, s)
	}
}

type readCounter struct {
	r     io.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}
