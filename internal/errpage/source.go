package errpage

import (
	"os"
	"slices"
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
// and for a line with marked columns, the caret line under it.
type codeLine struct {
	N     int
	Hl    bool
	Toks  []tok
	Caret []caret
	Label string // after the carets: what they point at, when a block has several
}

// tok is a run of text of one highlighting class ("" for plain; the class
// names are fixed strings of this package, never data).
type tok struct {
	C string
	T string
}

// caret marks a column: Pad repeats the tabs of the line so that it lines
// up under any tab width (counted from the end of the caret before it),
// Mark is "^" and "~" under the rest of the word.
type caret struct {
	Pad  string
	Mark string
}

// mark is a line a snippet highlights, with a 1-based byte column to
// point at (0 for none) and an optional label for the caret.
type mark struct {
	Line, Col int
	Label     string
}

// snippet returns the lines around the marked lines of path, with their
// columns marked, or nil when the file cannot be read or has no such line.
// Marks of one line share a caret line, as rustc shows them.
func (s *sources) snippet(path string, marks []mark) *snippet {
	lines := s.lines(path)
	lo, hi := 0, 0
	for _, m := range marks {
		if m.Line < 1 || m.Line > len(lines) {
			continue
		}
		if lo == 0 || m.Line < lo {
			lo = m.Line
		}
		hi = max(hi, m.Line)
	}
	if lo == 0 {
		return nil
	}
	first, last := max(1, lo-around), min(len(lines), hi+around)
	// A file ending in a newline splits into a last empty line: not shown.
	if last == len(lines) && last > hi && lines[last-1] == "" {
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
		cl, start := markLine(n, lines[n-1], runes, marks)
		cl.Toks = runs(runes, cls, start)
		sn.Lines = append(sn.Lines, cl)
	}
	return sn
}

// markLine is line n (raw, and as runes) with the marks on it: highlighted,
// a caret per column, and the rune the line is shown from, so that a
// caret far right stays in view.
func markLine(n int, raw string, runes []rune, marks []mark) (codeLine, int) {
	cl := codeLine{N: n}
	var cols []int
	var labels []string
	for _, m := range marks {
		if m.Line != n {
			continue
		}
		cl.Hl = true
		if m.Col > 0 {
			cols = append(cols, runeIndex(raw, m.Col-1))
		}
		if m.Label != "" {
			labels = append(labels, m.Label)
		}
	}
	if len(cols) == 0 {
		return cl, 0
	}
	slices.Sort(cols)
	cols = slices.Compact(cols)
	start := 0
	if at := cols[0]; at > maxCols-20 && len(runes) > maxCols {
		start = at - maxCols/2
	}
	cl.Caret = makeCarets(runes, start, cols)
	// A label per caret would need a line each; one line with several
	// carets leaves them to the headers above, in order.
	if len(labels) == 1 && len(cl.Caret) == 1 {
		cl.Label = labels[0]
	}
	return cl, start
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

// makeCarets builds the caret line for the rune indexes cols (sorted,
// distinct), for a line shown from rune start on. A word mark stops short
// of the next caret, so that every column keeps its "^".
func makeCarets(runes []rune, start int, cols []int) []caret {
	var out []caret
	pos := start
	for k, at := range cols {
		if at < pos {
			continue
		}
		var pad strings.Builder
		if pos == start && start > 0 {
			pad.WriteByte(' ') // under the "…" that starts the cut line
		}
		for i := pos; i < at; i++ {
			if i < len(runes) && runes[i] == '\t' {
				pad.WriteByte('\t')
			} else {
				pad.WriteByte(' ')
			}
		}
		end := start + maxCols
		if k+1 < len(cols) {
			end = min(end, cols[k+1])
		}
		n := 0
		for i := at; i < len(runes) && i < end && isWord(runes[i]); i++ {
			n++
		}
		mk := "^"
		if n > 1 {
			mk += strings.Repeat("~", n-1)
		}
		out = append(out, caret{Pad: pad.String(), Mark: mk})
		pos = at + max(n, 1)
	}
	return out
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
