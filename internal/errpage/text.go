package errpage

import (
	"fmt"
	"strings"
)

// Text renders the page as plain text, for clients that did not ask for
// HTML; it is also what the page's copy button copies. Diagnostics keep the
// file:line:col: message form that editors and terminals recognise.
func (p *Page) Text() string {
	return newView(p).Text
}

// text is the plain text of the view; it reuses the cleaned, shortened
// strings of the HTML page so both say the same thing.
func (v *view) text() string {
	var b strings.Builder
	if v.Status != 0 {
		fmt.Fprintf(&b, "%d ", v.Status)
	}
	b.WriteString(v.Title)
	b.WriteByte('\n')
	if v.Context != "" {
		fmt.Fprintf(&b, "%s\n", v.Context)
	}
	if v.Message != "" {
		fmt.Fprintf(&b, "\n%s\n", v.Message)
	}
	if v.Panic != "" {
		fmt.Fprintf(&b, "\npanic: %s\n", v.Panic)
	}
	if len(v.Chain) > 0 {
		b.WriteString("\nError chain:\n")
		for _, c := range v.Chain {
			fmt.Fprintf(&b, "  %s%s\n", c.Own, c.Rest)
		}
	}
	if len(v.Stack) > 0 {
		b.WriteString("\nStack:\n")
		for _, g := range v.Stack {
			for _, f := range g.Frames {
				writeFrame(&b, f)
			}
		}
	}
	if r := v.Request; r != nil {
		fmt.Fprintf(&b, "\nRequest:\n  %s %s\n", r.Method, r.URL)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	if v.Summary != "" && v.Summary != v.Message {
		fmt.Fprintf(&b, "\n%s\n", v.Summary)
	}
	for _, g := range v.Files {
		b.WriteByte('\n')
		for _, d := range g.Diags {
			writeDiag(&b, g.Path, d)
		}
	}
	if v.Exit != "" {
		fmt.Fprintf(&b, "\n%s\n", v.Exit)
	}
	if v.Where != nil {
		b.WriteString("\nCrashed at:\n")
		writeFrame(&b, *v.Where)
	}
	if len(v.Output) > 0 {
		b.WriteString("\nLast output:\n")
		for _, l := range v.Output {
			fmt.Fprintf(&b, "  %s%s%s\n", l.Pre, l.Loc, l.Post)
		}
	}
	return b.String()
}

// writeFrame writes a frame as Go's own traces do, function then location.
func writeFrame(b *strings.Builder, f frameView) {
	name := f.Name
	if f.Pkg != "" {
		name = f.Pkg + "." + f.Name
	}
	if name != "" {
		fmt.Fprintf(b, "  %s\n", name)
	}
	fmt.Fprintf(b, "      %s:%d\n", f.Full, f.Line)
}

// writeDiag writes one diagnostic as the compiler does, then its line with
// the caret under the column.
func writeDiag(b *strings.Builder, path string, d diagView) {
	loc := path
	if d.Pos != "" {
		loc = or(path, "?") + ":" + d.Pos
	}
	if loc != "" {
		loc += ": "
	}
	msg := strings.ReplaceAll(d.Message, "\n", "\n    ")
	fmt.Fprintf(b, "%s%s\n", loc, msg)
	if d.Snip == nil {
		return
	}
	for _, l := range d.Snip.Lines {
		if !l.Hl {
			continue
		}
		num := fmt.Sprint(l.N)
		var src strings.Builder
		for _, t := range l.Toks {
			src.WriteString(t.T)
		}
		fmt.Fprintf(b, "  %s | %s\n", num, src.String())
		if l.Caret != nil {
			fmt.Fprintf(b, "  %s | %s%s\n", strings.Repeat(" ", len(num)), l.Caret.Pad, l.Caret.Mark)
		}
	}
}
