package errpage

import (
	"strings"
	"unicode/utf8"
)

// clean makes s safe to show as text: every invalid UTF-8 byte becomes one
// U+FFFD (one per byte, not one per run, so that byte columns of compiler
// diagnostics still map to the same rune index), ANSI escape sequences (the
// colours of a child's log output) are dropped, and other control
// characters except tab and newline become U+FFFD so they cannot garble the
// terminal of someone reading Text() or the layout of the page.
func clean(s string) string { return cleanWith(s, true) }

// cleanSource is clean for source lines: an escape byte there is shown as
// U+FFFD rather than eaten with what follows, so that every byte before a
// diagnostic's column still stands for exactly one rune.
func cleanSource(s string) string { return cleanWith(s, false) }

func cleanWith(s string, dropANSI bool) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		if n := ansiLen(s[i:]); dropANSI && n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r' && dropANSI:
			// A CRLF line ending or a progress-bar carriage return: drop it.
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean is the fast path of clean: most strings need no change.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
			return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
				return (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f
			})
		}
	}
	return true
}

// ansiLen is the length of the ANSI escape sequence at the start of s, or 0.
// It knows CSI sequences (ESC [ params final), which is what colour
// libraries print, and OSC sequences ending in BEL or ESC \ (hyperlinks).
func ansiLen(s string) int {
	if len(s) < 2 || s[0] != 0x1b {
		return 0
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if c := s[i]; c >= 0x40 && c <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 0
}

// cleanAll applies clean to every string of ss.
func cleanAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// CleanLines returns lines as the pages show them: without escape
// sequences (a program's colours), carriage returns or other control
// characters, in valid UTF-8. For other forms of the same data, such as a
// JSON answer built elsewhere.
func CleanLines(lines []string) []string { return cleanAll(lines) }
