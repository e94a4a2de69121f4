package core_test

// Charsets of Text and JSON, and byte-exact UTF-8.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

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
