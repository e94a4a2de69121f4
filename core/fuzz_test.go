package core_test

import (
	"bytes"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// The seed corpora are in testdata/fuzz; run a target with, for example,
// go test -run '^$' -fuzz FuzzParseSize ./core/

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1mb", "512kb", "10b", "1gb", "2048", "1.5MB", " 3 kb", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := core.ParseSize(s)
		if err != nil {
			if n != 0 {
				t.Errorf("ParseSize(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
		// The number of bytes it gave is itself a size, and the same one.
		if again, err := core.ParseSize(strconv.FormatInt(n, 10) + "b"); err != nil || again != n {
			t.Errorf("ParseSize(%q) = %d, but ParseSize(\"%db\") = %d, %v", s, n, n, again, err)
		}
	})
}

func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{
		"tcp://localhost:3000", "tcp://1.2.3.4", "tcp://[::1]:80", "unix:/tmp/a.sock", "unix:///a.sock",
		`pipe:\\.\pipe\name`, "3000", ":3000", "host:80", "foobar:", "foobar://x", "unix:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		network, address, err := core.ParseEndpoint(s)
		if err != nil {
			if network != "" || address != "" {
				t.Errorf("ParseEndpoint(%q) = %q, %q with error %v", s, network, address, err)
			}
			return
		}
		switch network {
		case "tcp":
			_, port, err := net.SplitHostPort(address)
			if err != nil {
				t.Fatalf("ParseEndpoint(%q) = tcp %q: %v", s, address, err)
			}
			if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
				t.Errorf("ParseEndpoint(%q) = tcp %q: bad port", s, address)
			}
			// A TCP address is itself an endpoint, the same one.
			if n2, a2, err := core.ParseEndpoint(address); err != nil || n2 != "tcp" || a2 != address {
				t.Errorf("ParseEndpoint(%q) = tcp %q, but that parses as %q %q %v", s, address, n2, a2, err)
			}
		case "unix":
			if address == "" || strings.IndexByte(address, 0) >= 0 {
				t.Errorf("ParseEndpoint(%q) = unix %q", s, address)
			}
		case "pipe":
			if !strings.HasPrefix(strings.ToLower(address), `\\.\pipe\`) {
				t.Errorf("ParseEndpoint(%q) = pipe %q", s, address)
			}
		default:
			t.Errorf("ParseEndpoint(%q) = network %q", s, network)
		}
	})
}

// FuzzBody feeds the body readers any body, Content-Type and options: they
// return the body, or a 400 or 413, or (for a bad limit) a plain error.
func FuzzBody(f *testing.F) {
	f.Add([]byte(`{"some":{"cool":"json"}}`), "application/json", "1mb", "", false)
	f.Add([]byte("caf\xe9"), "text/plain; charset=latin1", "10", "", true)
	f.Add([]byte("❤️"), "text/plain", "3", "lol", false)
	f.Add([]byte(""), "", "0", "us-ascii", true)
	f.Fuzz(func(t *testing.T, body []byte, contentType, limit, charset string, chunked bool) {
		var opts []core.BodyOption
		if limit != "" {
			opts = append(opts, core.Limit(limit))
		}
		if charset != "" {
			opts = append(opts, core.Encoding(charset))
		}
		length := int64(len(body))
		if chunked {
			length = -1
		}
		req := bodyRequest(t, bytes.NewReader(body), length, contentType)
		b, errBuffer := core.Buffer(req, opts...)
		checkBodyError(t, errBuffer)
		s, errText := core.Text(req, opts...)
		checkBodyError(t, errText)
		var v any
		errJSON := core.JSON(req, &v, opts...)
		checkBodyError(t, errJSON)

		if errBuffer == nil && !bytes.Equal(b, body) {
			t.Errorf("Buffer = %q, want %q", b, body)
		}
		if errText == nil && (charset == "" || strings.EqualFold(charset, "utf-8")) && requestIsUTF8(contentType, charset) && s != string(body) {
			t.Errorf("Text = %q, want the body byte for byte", s)
		}
		if size, err := core.ParseSize(limit); limit != "" && err == nil && int64(len(body)) > size && errBuffer == nil {
			t.Errorf("Buffer accepted %d bytes over the limit %q", len(body), limit)
		}
	})
}

func checkBodyError(t *testing.T, err error) {
	t.Helper()
	var he *core.HTTPError
	if err == nil || !errors.As(err, &he) {
		return // nil, or the plain error of a bad limit
	}
	switch {
	case he.StatusCode == 400 && (he.Message == "Invalid body" || he.Message == "Invalid JSON"):
	case he.StatusCode == 413 && strings.HasPrefix(he.Message, "Body exceeded "):
	default:
		t.Errorf("unexpected error %d %q", he.StatusCode, he.Message)
	}
}

// requestIsUTF8 reports whether Text decodes as UTF-8 for this request.
func requestIsUTF8(contentType, charset string) bool {
	if charset != "" {
		return true
	}
	lower := strings.ToLower(contentType)
	return !strings.Contains(lower, "charset") || strings.Contains(lower, "charset=utf-8")
}
