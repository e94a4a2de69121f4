package runner

import (
	"slices"
	"strings"
	"testing"
)

func TestLineRing(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", maxLineBytes+10)
	// "é" is two bytes: a cut after an odd number of bytes splits one.
	runes := "a" + strings.Repeat("é", maxLineBytes)
	tests := []struct {
		name   string
		keep   int
		writes []string
		want   []string
	}{
		{"empty", 3, nil, nil},
		{"lines", 3, []string{"a\nb\n"}, []string{"a", "b"}},
		{"ring keeps the last", 3, []string{"1\n2\n3\n4\n5\n"}, []string{"3", "4", "5"}},
		{"split writes", 3, []string{"he", "llo\nwor", "ld\n"}, []string{"hello", "world"}},
		{"partial last line kept", 3, []string{"a\nb\nc\nunfinished"}, []string{"b", "c", "unfinished"}},
		{"empty lines kept", 3, []string{"a\n\n"}, []string{"a", ""}},
		{"crlf", 3, []string{"a\r\nb\r\n"}, []string{"a", "b"}},
		{"long line cut", 3, []string{long + "\nnext\n"}, []string{long[:maxLineBytes] + cutMark, "next"}},
		{"long line in pieces", 3, []string{long[:100], long[100:], "\n"}, []string{long[:maxLineBytes] + cutMark}},
		{"long partial cut", 3, []string{long}, []string{long[:maxLineBytes] + cutMark}},
		{"cut on a rune boundary", 3, []string{runes + "\n"}, []string{runes[:maxLineBytes-1] + cutMark}},
		{"default size", 0, []string{strings.Repeat("l\n", 100)}, slices.Repeat([]string{"l"}, DefaultTailLines)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newLineRing(tt.keep)
			w := r.writer()
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v; want %d, nil", s, n, err, len(s))
				}
			}
			if got := r.lines(); !slices.Equal(got, tt.want) {
				t.Errorf("lines() = %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Two streams keep their unfinished lines apart: halves of stdout and
// stderr lines never join.
func TestLineRingStreams(t *testing.T) {
	t.Parallel()
	r := newLineRing(10)
	out, errw := r.writer(), r.writer()
	out.Write([]byte("out "))
	errw.Write([]byte("err "))
	out.Write([]byte("one\nout two"))
	errw.Write([]byte("one\n"))
	want := []string{"out one", "err one", "out two"}
	if got := r.lines(); !slices.Equal(got, want) {
		t.Errorf("lines() = %q, want %q", got, want)
	}
}

func BenchmarkLineWriter(b *testing.B) {
	chunk := []byte(strings.Repeat("a log line of ordinary length, with some words\n", 64))
	w := newLineRing(DefaultTailLines).writer()
	b.SetBytes(int64(len(chunk)))
	for b.Loop() {
		w.Write(chunk)
	}
}
