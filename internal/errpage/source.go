package errpage

import (
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// around is how many lines a snippet shows above and below its line.
	around = 4
	// maxCols is how many characters of a source line are shown; the rest
	// is cut, so that one minified or generated line cannot blow up the page.
	maxCols = 160
	// maxFileSize bounds what is read for a snippet.
	maxFileSize = 8 << 20
)

// sources reads the files of one render, each at most once: a stack often
// has several frames in one file.
type sources struct {
	files map[string][]string // nil value: could not be read
}

func (s *sources) lines(path string) []string {
	if l, ok := s.files[path]; ok {
		return l
	}
	if s.files == nil {
		s.files = map[string][]string{}
	}
	var lines []string
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxFileSize {
		if data, err := os.ReadFile(path); err == nil {
			lines = strings.Split(string(data), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimSuffix(l, "\r")
			}
		}
	}
	s.files[path] = lines
	return lines
}

// snippet is the source around one line, ready for the template.
type snippet struct {
	Lines []codeLine
}

// codeLine is one line of a snippet: its number, its highlighted pieces,
// and for the line of a diagnostic with a column, the caret line under it.
type codeLine struct {
	N     int
	Hl    bool
	Toks  []tok
	Caret *caret
}

// tok is a run of text of one highlighting class ("" for plain; the class
// names are fixed strings of this package, never data).
type tok struct {
	C string
	T string
}

// caret marks a column: Pad repeats the tabs of the line so that it lines
// up under any tab width, Mark is "^" and "~" under the rest of the word.
type caret struct {
	Pad  string
	Mark string
}

// snippet returns the lines around line (1-based) of path, with col
// (1-based byte column, 0 for none) marked, or nil when the file cannot
// be read or has no such line.
func (s *sources) snippet(path string, line, col int) *snippet {
	lines := s.lines(path)
	if line < 1 || line > len(lines) {
		return nil
	}
	first, last := max(1, line-around), min(len(lines), line+around)
	// A file ending in a newline splits into a last empty line: not shown.
	if last == len(lines) && last > line && lines[last-1] == "" {
		last--
	}
	clean := make([]string, 0, last-first+1)
	for _, l := range lines[first-1 : last] {
		clean = append(clean, cleanSource(l))
	}
	var classes [][]string
	if strings.HasSuffix(path, ".go") {
		classes = highlightGo(clean)
	}
	sn := &snippet{}
	for i, text := range clean {
		n := first + i
		runes := []rune(text)
		var cls []string
		if classes != nil {
			cls = classes[i]
		}
		cl := codeLine{N: n, Hl: n == line}
		start := 0
		if cl.Hl && col > 0 {
			at := runeIndex(lines[n-1], col-1)
			if at > maxCols-20 && len(runes) > maxCols {
				start = at - maxCols/2
			}
			cl.Caret = makeCaret(runes, start, at)
		}
		cl.Toks = runs(runes, cls, start)
		sn.Lines = append(sn.Lines, cl)
	}
	return sn
}

// runeIndex is the index of the rune that byte offset off of s falls in,
// counting every invalid byte as one rune, as cleanSource does.
func runeIndex(s string, off int) int {
	if off > len(s) {
		// Past the end (the compiler points just after the line): keep
		// the overshoot so the caret lands after the last character.
		return utf8.RuneCountInString(s) + off - len(s)
	}
	n := 0
	for i := 0; i < off; {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
}

// makeCaret builds the caret line for rune index at, for a line shown from
// rune start on.
func makeCaret(runes []rune, start, at int) *caret {
	var pad strings.Builder
	if start > 0 {
		pad.WriteByte(' ') // under the "…" that starts the cut line
	}
	for i := start; i < at; i++ {
		if i < len(runes) && runes[i] == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	n := 0
	for i := at; i < len(runes) && i < start+maxCols && isWord(runes[i]); i++ {
		n++
	}
	mark := "^"
	if n > 1 {
		mark += strings.Repeat("~", n-1)
	}
	return &caret{Pad: pad.String(), Mark: mark}
}

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// runs groups the runes of a line shown from start on into runs of one
// class, cut to maxCols with "…" marking what is left out.
func runs(runes []rune, cls []string, start int) []tok {
	end := min(len(runes), start+maxCols)
	var out []tok
	if start > 0 {
		out = append(out, tok{C: "cut", T: "…"})
	}
	for i := start; i < end; {
		c := ""
		if cls != nil {
			c = cls[i]
		}
		j := i + 1
		for j < end && (cls == nil || cls[j] == c) {
			j++
		}
		out = append(out, tok{C: c, T: string(runes[i:j])})
		i = j
	}
	if end < len(runes) {
		out = append(out, tok{C: "cut", T: "…"})
	}
	return out
}
