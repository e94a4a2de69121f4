package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The bodies of the request log: caught as they stream by, then written
// as JSON, cut text or a byte count.

// bodyCapture keeps the first keep bytes written to it and counts them all.
type bodyCapture struct {
	mu    sync.Mutex
	keep  int
	buf   []byte
	total int64
}

func (c *bodyCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.keep - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	c.total += int64(len(p))
	return len(p), nil
}

func (c *bodyCapture) snapshot() ([]byte, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.buf), c.total
}

// reqTee copies what the handler reads of the request body.
type reqTee struct {
	io.ReadCloser
	to *bodyCapture
}

func (b *reqTee) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.to.Write(p[:n])
	return n, err
}

// body writes what c caught of a body, as the type says.
func (l *reqLogger) body(b *bytes.Buffer, c *bodyCapture, contentType, encoding string) {
	data, total := c.snapshot()
	if total == 0 || l.limit <= 0 {
		return
	}
	media, _, _ := mime.ParseMediaType(contentType)
	if encoding != "" && !strings.EqualFold(encoding, "identity") {
		summary(b, total, media, encoding)
		return
	}
	if !loggedAsText(media) {
		summary(b, total, media, "")
		return
	}
	if (isJSONType(media) || media == "") && int64(len(data)) == total {
		var pretty bytes.Buffer
		if json.Indent(&pretty, data, "", "  ") == nil {
			b.Write(pretty.Bytes())
			b.WriteByte('\n')
			return
		}
	}
	shown := data[:min(int64(len(data)), l.limit)]
	if isBinaryBody(media, data) {
		summary(b, total, media, "")
		return
	}
	// Cut on a rune boundary; what is cut is counted as more bytes.
	if int64(len(shown)) < total {
		if i := lastRuneStart(shown); !utf8.FullRune(shown[i:]) {
			shown = shown[:i]
		}
	}
	b.Write(bytes.TrimRight(shown, "\n"))
	if more := total - int64(len(shown)); more > 0 {
		fmt.Fprintf(b, "… (%d more bytes)", more)
	}
	b.WriteByte('\n')
}

// summary is the one line of a body that is not shown: "<3120 bytes
// text/css>", "<512 bytes text/html, gzip>".
func summary(b *bytes.Buffer, total int64, media, encoding string) {
	fmt.Fprintf(b, "<%d bytes", total)
	if media != "" {
		fmt.Fprintf(b, " %s", media)
	}
	if media != "" && encoding != "" {
		b.WriteByte(',')
	}
	if encoding != "" {
		fmt.Fprintf(b, " %s", encoding)
	}
	b.WriteString(">\n")
}

// loggedAsText says whether a body of this type is shown: the data of an
// API (JSON, a form, plain text, CSV, XML) or of no declared type, sniffed
// below. Pages and their assets (HTML, CSS, JavaScript, images, fonts) are
// summarised in one line: one page view pulls dozens of them, and their
// text is in the editor already.
func loggedAsText(media string) bool {
	switch media {
	case "", "application/x-www-form-urlencoded", "application/xml":
		return true
	case "text/html", "text/css", "text/javascript", "text/ecmascript",
		"application/javascript", "application/x-javascript", "application/ecmascript",
		"application/xhtml+xml":
		return false
	}
	return isJSONType(media) || strings.HasPrefix(media, "text/") ||
		(strings.HasSuffix(media, "+xml") && !strings.HasPrefix(media, "image/"))
}

func lastRuneStart(p []byte) int {
	i := len(p) - 1
	for i > 0 && len(p)-i < utf8.UTFMax && !utf8.RuneStart(p[i]) {
		i--
	}
	return max(i, 0)
}

func isJSONType(media string) bool {
	return media == "application/json" || strings.HasSuffix(media, "+json")
}

// isBinary says whether a body is not text, from its declared type and
// from its first bytes (not UTF-8, or control characters).
func isBinaryBody(media string, data []byte) bool {
	switch {
	case strings.HasPrefix(media, "image/"), strings.HasPrefix(media, "audio/"),
		strings.HasPrefix(media, "video/"), strings.HasPrefix(media, "font/"),
		media == "application/octet-stream", media == "application/pdf",
		media == "application/zip", media == "application/gzip",
		media == "application/wasm", strings.Contains(media, "protobuf"):
		return true
	}
	// The capture may end inside a rune: judge only whole runes.
	if len(data) > 0 && !utf8.FullRune(data[lastRuneStart(data):]) {
		data = data[:lastRuneStart(data)]
	}
	if !utf8.Valid(data) {
		return true
	}
	return bytes.ContainsFunc(data, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	})
}
