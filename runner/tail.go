package runner

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// maxLineBytes cuts very long lines (a minified blob, a binary dump) so the
// tail stays small; the cut is marked with cutMark.
const (
	maxLineBytes = 4096
	cutMark      = " …"
)

// lineRing keeps the last lines written to any of its writers, in the order
// they were completed.
type lineRing struct {
	mu      sync.Mutex
	ring    []string // capacity n; next is where the next line goes
	next    int
	full    bool
	writers []*lineWriter
}

func newLineRing(n int) *lineRing {
	if n <= 0 {
		n = DefaultTailLines
	}
	return &lineRing{ring: make([]string, n)}
}

// writer returns a new stream into the ring. Each stream keeps its own
// unfinished line so that two streams (stdout, stderr) do not mix halves of
// their lines.
func (r *lineRing) writer() *lineWriter {
	w := &lineWriter{r: r}
	r.mu.Lock()
	r.writers = append(r.writers, w)
	r.mu.Unlock()
	return w
}

func (r *lineRing) add(line string) {
	r.ring[r.next] = line
	r.next = (r.next + 1) % len(r.ring)
	if r.next == 0 {
		r.full = true
	}
}

// lines returns the kept lines, oldest first, then the unfinished line of
// each stream, cut to the ring's size.
func (r *lineRing) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	if r.full {
		out = append(out, r.ring[r.next:]...)
	}
	out = append(out, r.ring[:r.next]...)
	for _, w := range r.writers {
		if len(w.partial) > 0 || w.cut {
			out = append(out, w.text())
		}
	}
	if len(out) > len(r.ring) {
		out = out[len(out)-len(r.ring):]
	}
	return out
}

// lineWriter splits one stream into lines for its ring. It never fails.
type lineWriter struct {
	r       *lineRing
	partial []byte // the unfinished line, at most maxLineBytes
	cut     bool   // the unfinished line was longer than maxLineBytes
}

func (w *lineWriter) Write(b []byte) (int, error) {
	n := len(b)
	w.r.mu.Lock()
	defer w.r.mu.Unlock()
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		chunk := b
		if i >= 0 {
			chunk = b[:i]
		}
		if room := maxLineBytes - len(w.partial); len(chunk) > room {
			chunk = chunk[:room]
			w.cut = true
		}
		w.partial = append(w.partial, chunk...)
		if i < 0 {
			break
		}
		w.r.add(w.text())
		w.partial = w.partial[:0]
		w.cut = false
		b = b[i+1:]
	}
	return n, nil
}

// text is the unfinished line as it would be shown: without a trailing
// carriage return (CRLF output), cut on a rune boundary and marked if it was
// too long.
func (w *lineWriter) text() string {
	p := bytes.TrimSuffix(w.partial, []byte("\r"))
	if !w.cut {
		return string(p)
	}
	// Drop a rune the cut left unfinished: find where the last rune
	// starts and check it is complete.
	i := len(p) - 1
	for i > 0 && len(p)-i < utf8.UTFMax && !utf8.RuneStart(p[i]) {
		i--
	}
	if i >= 0 && !utf8.FullRune(p[i:]) {
		p = p[:i]
	}
	return string(p) + cutMark
}
