package core

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// charset is a body encoding Text and JSON can decode.
type charset int

const (
	utf8Charset charset = iota
	asciiCharset
	latin1Charset
)

// lookupCharset finds a charset by any of its usual names, ignoring case.
func lookupCharset(name string) (charset, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "utf-8", "utf8":
		return utf8Charset, true
	case "us-ascii", "ascii", "us_ascii":
		return asciiCharset, true
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		return latin1Charset, true
	}
	return 0, false
}

var errNotASCII = errors.New("a us-ascii body holds a byte above 127")

// decode turns a body in charset cs into a Go (UTF-8) string. A UTF-8
// body is kept byte for byte.
func (cs charset) decode(b []byte) (string, error) {
	switch cs {
	case asciiCharset:
		for i, c := range b {
			if c >= utf8.RuneSelf {
				return "", fmt.Errorf("%w (at offset %d)", errNotASCII, i)
			}
		}
	case latin1Charset:
		// Every byte is the code point of the same number.
		var sb strings.Builder
		sb.Grow(len(b) + len(b)/4)
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		return sb.String(), nil
	}
	return string(b), nil
}

// requestCharset returns the charset parameter of a Content-Type header
// value, without allocating: mime.ParseMediaType builds a map per call.
func requestCharset(contentType string) string {
	_, params, _ := strings.Cut(contentType, ";")
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(param, "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			v = strings.TrimSpace(v)
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			return v
		}
	}
	return ""
}
