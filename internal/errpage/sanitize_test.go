package errpage

import "testing"

func TestClean(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "hello, 世界\ttab\nnext", "hello, 世界\ttab\nnext"},
		{"invalid byte", "a\xffb", "a\uFFFDb"},
		{"one replacement per byte", "\xff\xfe", "\uFFFD\uFFFD"},
		{"truncated rune", "\xe4\xb8", "\uFFFD\uFFFD"},
		{"colours dropped", "\x1b[1;31mred\x1b[0m", "red"},
		{"hyperlink dropped", "\x1b]8;;http://x\x07link\x1b]8;;\x1b\\", "link"},
		{"control characters", "a\x00b\x07c\x7f", "a\uFFFDb\uFFFDc\uFFFD"},
		{"carriage return", "a\r\nb\rc", "a\nbc"},
		{"lone escape", "\x1b", "\uFFFD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := clean(tc.in); got != tc.want {
				t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanSourceKeepsOneRunePerByte(t *testing.T) {
	t.Parallel()
	// Columns of diagnostics count bytes: every byte that is not part of a
	// valid rune must stay one rune, escape sequences included.
	in := "\x1b[31m\xff\r"
	if got, want := cleanSource(in), "\uFFFD[31m\uFFFD\uFFFD"; got != want {
		t.Errorf("cleanSource(%q) = %q, want %q", in, got, want)
	}
}
