package errpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write puts a file with the given lines into a temporary directory.
func write(t *testing.T, name string, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// plain joins the text of a code line.
func plain(l codeLine) string {
	var b strings.Builder
	for _, t := range l.Toks {
		b.WriteString(t.T)
	}
	return b.String()
}

func TestSnippetWindow(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := 1; i <= 20; i++ {
		lines = append(lines, "line "+strings.Repeat("x", i))
	}
	path := write(t, "a.txt", lines...)
	for _, tc := range []struct {
		line        int
		first, last int
	}{
		{10, 6, 14},
		{1, 1, 5},
		{20, 16, 20}, // the empty line after the final newline is not shown
		{2, 1, 6},
	} {
		s := (&sources{}).snippet(path, []mark{{Line: tc.line, Col: 0}})
		if s == nil {
			t.Fatalf("line %d: no snippet", tc.line)
		}
		first, last := s.Lines[0].N, s.Lines[len(s.Lines)-1].N
		if first != tc.first || last != tc.last {
			t.Errorf("line %d: shows %d-%d, want %d-%d", tc.line, first, last, tc.first, tc.last)
		}
		for _, l := range s.Lines {
			if l.Hl != (l.N == tc.line) {
				t.Errorf("line %d: line %d highlighted = %v", tc.line, l.N, l.Hl)
			}
			if want := lines[l.N-1]; plain(l) != want {
				t.Errorf("line %d: text %q, want %q", l.N, plain(l), want)
			}
		}
	}
}

func TestSnippetUnavailable(t *testing.T) {
	t.Parallel()
	path := write(t, "a.go", "package a")
	src := &sources{}
	for _, tc := range []struct {
		name string
		path string
		line int
	}{
		{"missing file", filepath.Join(t.TempDir(), "nope.go"), 1},
		{"directory", t.TempDir(), 1},
		{"line past the end", path, 40},
		{"line zero", path, 0},
	} {
		if s := src.snippet(tc.path, []mark{{Line: tc.line, Col: 0}}); s != nil {
			t.Errorf("%s: got a snippet %+v", tc.name, s)
		}
	}
}

func TestSnippetCaret(t *testing.T) {
	t.Parallel()
	long := "x := \"" + strings.Repeat("a", 300) + "\" + undefinedName"
	path := write(t, "c.go",
		"\tfoo := bar(baz)",       // 1: tabs are kept in the padding
		"s := \"\xff\xfe\" + qux", // 2: invalid bytes count one column each
		long,                      // 3: the column is far right: the line is cut before it
		"end",                     // 4: the column is past the end of the line
	)
	for _, tc := range []struct {
		line, col int
		pad, mark string
		text      string // what the highlighted line shows, "" for the whole line
	}{
		{1, 9, "\t       ", "^~~", ""},
		{1, 2, "\t", "^~~", ""},
		{2, 13, strings.Repeat(" ", 12), "^~~", "s := \"\uFFFD\uFFFD\" + qux"},
		{3, len(long) - 12, strings.Repeat(" ", 1+maxCols/2), "^" + strings.Repeat("~", len("undefinedName")-1), ""},
		{4, 5, "    ", "^", ""},
	} {
		s := (&sources{}).snippet(path, []mark{{Line: tc.line, Col: tc.col}})
		var hl codeLine
		for _, l := range s.Lines {
			if l.Hl {
				hl = l
			}
		}
		if hl.Caret == nil {
			t.Fatalf("%d:%d: no caret", tc.line, tc.col)
		}
		if hl.Caret[0].Pad != tc.pad || hl.Caret[0].Mark != tc.mark {
			t.Errorf("%d:%d: caret %q%q, want %q%q", tc.line, tc.col, hl.Caret[0].Pad, hl.Caret[0].Mark, tc.pad, tc.mark)
		}
		if tc.text != "" && plain(hl) != tc.text {
			t.Errorf("%d:%d: line shows %q, want %q", tc.line, tc.col, plain(hl), tc.text)
		}
		if n := len([]rune(plain(hl))); n > maxCols+2 {
			t.Errorf("%d:%d: line shows %d characters, more than the cut at %d", tc.line, tc.col, n, maxCols)
		}
	}
	// The cut line starts with "…" and the caret sits under the name.
	s := (&sources{}).snippet(path, []mark{{Line: 3, Col: len(long) - 12}})
	hl := s.Lines[2]
	text := []rune(plain(hl))
	if text[0] != '…' {
		t.Errorf("the cut line does not start with …: %q", string(text[:10]))
	}
	at := len([]rune(hl.Caret[0].Pad))
	if got := string(text[at : at+len("undefinedName")]); got != "undefinedName" {
		t.Errorf("the caret is under %q, want undefinedName", got)
	}
}

func TestSourcesReadOnce(t *testing.T) {
	t.Parallel()
	path := write(t, "a.go", "package a", "", "func A() {}")
	src := &sources{}
	if src.snippet(path, []mark{{Line: 3, Col: 0}}) == nil {
		t.Fatal("no snippet")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if src.snippet(path, []mark{{Line: 1, Col: 0}}) == nil {
		t.Error("the file was read again instead of taken from the render's cache")
	}
}

func TestHighlightGo(t *testing.T) {
	t.Parallel()
	lines := []string{
		"func f(s string) error { // note",
		"\treturn fmt.Errorf(`multi",
		"line` + \"q\", 42, nil)",
	}
	cls := highlightGo(lines)
	for _, tc := range []struct {
		line int
		word string
		want string
	}{
		{0, "func", clsKeyword},
		{0, "f(", clsFunc},
		{0, "string", clsBuiltin},
		{0, "error", clsBuiltin},
		{0, "// note", clsComment},
		{0, "s", ""},
		{1, "return", clsKeyword},
		{1, "Errorf", clsFunc},
		{1, "`multi", clsString},
		{2, "line`", clsString}, // a raw string across lines
		{2, "\"q\"", clsString},
		{2, "42", clsNumber},
		{2, "nil", clsBuiltin},
	} {
		runes := []rune(lines[tc.line])
		i := strings.Index(lines[tc.line], tc.word)
		at := len([]rune(lines[tc.line][:i]))
		n := len([]rune(tc.word))
		if strings.HasSuffix(tc.word, "(") {
			n-- // the name before the parenthesis
		}
		for j := at; j < at+n; j++ {
			if cls[tc.line][j] != tc.want {
				t.Errorf("line %d %q: rune %q is %q, want %q", tc.line, tc.word, runes[j], cls[tc.line][j], tc.want)
				break
			}
		}
	}
}
