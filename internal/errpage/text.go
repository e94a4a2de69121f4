package errpage

import (
	"fmt"
	"strings"
)

// Text renders the page as plain text, for clients that did not ask for
// HTML; it is also what the page's copy button copies. Diagnostics keep the
// file:line:col: message form that editors and terminals recognise. It is
// valid UTF-8 without control characters but tab and newline, ends in a
// newline, and masks secret headers.
func (p *Page) Text() string {
	return newView(p).Text
}

// stacklessNote explains frames that point at the handler, not the origin.
const stacklessNote = "This error recorded no stack (errors.New and fmt.Errorf do not), so the frames show where it was reported, not where it was made. Return core.Error(status, message, err) where it happens to record its origin."

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
	if v.Headline != "" && v.Headline != v.Title {
		fmt.Fprintf(&b, "\n%s\n", v.Headline)
	}
	if v.Message != "" {
		fmt.Fprintf(&b, "\n%s\n", v.Message)
	}
	if v.Type != "" {
		fmt.Fprintf(&b, "\nType: %s\n", v.Type)
	}
	if len(v.Chain) > 0 {
		b.WriteString("\nError chain:\n")
		for _, c := range v.Chain {
			fmt.Fprintf(&b, "  %s%s", c.Own, c.Rest)
			if c.Type != "" {
				fmt.Fprintf(&b, "  (%s)", c.Type)
			}
			b.WriteByte('\n')
		}
	}
	if len(v.Stack) > 0 {
		b.WriteString("\nStack:\n")
		if v.Stackless {
			fmt.Fprintf(&b, "  (%s)\n", stacklessNote)
		}
		for _, g := range v.Stack {
			for _, f := range g.Frames {
				writeFrame(&b, f)
			}
		}
	}
	if r := v.Request; r != nil {
		writeRequest(&b, r)
	}
	v.textBuild(&b)
	v.textCrash(&b)
	return b.String()
}

func writeRequest(b *strings.Builder, r *requestView) {
	fmt.Fprintf(b, "\nRequest:\n  %s %s\n", r.Method, r.URL)
	if len(r.Query) > 0 {
		b.WriteString("  Query:\n")
		for _, q := range r.Query {
			fmt.Fprintf(b, "    %s = %s\n", q.Name, q.Value)
		}
	}
	for _, hs := range [][]header{r.Headers, r.Extra} {
		for _, h := range hs {
			fmt.Fprintf(b, "  %s: %s\n", h.Name, h.Value)
		}
	}
}

func (v *view) textBuild(b *strings.Builder) {
	if v.Summary != "" && v.Summary != v.Message {
		fmt.Fprintf(b, "\n%s\n", v.Summary)
	}
	for _, g := range v.Files {
		b.WriteByte('\n')
		for _, blk := range g.Blocks {
			for _, d := range blk.Diags {
				writeDiag(b, g.Path, d)
			}
			writeSnippet(b, blk.Snip)
		}
	}
}

func (v *view) textCrash(b *strings.Builder) {
	if v.Exit != "" {
		fmt.Fprintf(b, "\n%s\n", v.Exit)
	}
	if v.InFlight != "" {
		fmt.Fprintf(b, "It crashed while serving %s.\n", v.InFlight)
	}
	if v.Where != nil {
		b.WriteString("\nCrashed at:\n")
		writeFrame(b, *v.Where)
	}
	if len(v.Output) > 0 {
		b.WriteString("\nLast output:\n")
		for _, l := range v.Output {
			fmt.Fprintf(b, "  %s%s%s\n", l.Pre, l.Loc, l.Post)
		}
	}
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

// writeDiag writes one diagnostic as the compiler does.
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
}

// writeSnippet writes the marked lines of a snippet with their carets.
func writeSnippet(b *strings.Builder, sn *snippet) {
	if sn == nil {
		return
	}
	for _, l := range sn.Lines {
		if !l.Hl {
			continue
		}
		num := fmt.Sprint(l.N)
		var src strings.Builder
		for _, t := range l.Toks {
			src.WriteString(t.T)
		}
		fmt.Fprintf(b, "  %s | %s\n", num, src.String())
		if len(l.Caret) == 0 {
			continue
		}
		fmt.Fprintf(b, "  %s | ", strings.Repeat(" ", len(num)))
		for _, c := range l.Caret {
			b.WriteString(c.Pad + c.Mark)
		}
		if l.Label != "" {
			b.WriteString(" " + l.Label)
		}
		b.WriteByte('\n')
	}
}
