package core

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes error text safe for a terminal: control characters
// other than newline and tab (ESC above all, which would drive a curl
// user's terminal) are shown escaped, invalid UTF-8 becomes U+FFFD, and
// the text ends with a newline.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
			// \x1b for C0 and DEL, \u009b for C1: visible, never acted on.
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	if !strings.HasSuffix(b.String(), "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

// escapeHTML escapes text for an HTML element or attribute value.
func escapeHTML(s string) string {
	// Ranging over s yields U+FFFD for each invalid byte.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
