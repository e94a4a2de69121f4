package errpage

import (
	"fmt"
	"html/template"
	"io"
	"runtime"
	"strings"
)

// tmpl is a first, plain rendering; see the package doc for what the page shows.
var tmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Status}} {{.Title}}</title></head>
<body><h1>{{.Status}} {{.Title}}</h1><p>{{.Message}}</p>
{{range .Diagnostics}}<pre>{{.File}}:{{.Line}}:{{.Col}}: {{.Message}}</pre>{{end}}
{{range .Frames}}<pre>{{.Func}}
	{{.File}}:{{.Line}}</pre>{{end}}
{{if .Exit}}<p>{{.Exit}}</p>{{end}}{{if .Output}}<pre>{{range .Output}}{{.}}
{{end}}</pre>{{end}}
</body></html>`))

// HTML writes the page as a complete HTML document. Everything taken from
// the error, the request or the source is escaped.
func (p *Page) HTML(w io.Writer) error {
	return tmpl.Execute(w, p)
}

// Text renders the page as plain text, for clients that did not ask for HTML.
func (p *Page) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s\n", p.Status, p.Title)
	if p.Message != "" {
		fmt.Fprintf(&b, "\n%s\n", p.Message)
	}
	for _, d := range p.Diagnostics {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", d.File, d.Line, d.Col, d.Message)
	}
	for _, f := range p.Frames {
		fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Func, f.File, f.Line)
	}
	if p.Exit != "" {
		fmt.Fprintf(&b, "\n%s\n", p.Exit)
	}
	for _, l := range p.Output {
		fmt.Fprintln(&b, l)
	}
	return b.String()
}

// FramesFromPCs turns program counters from runtime.Callers into frames.
func FramesFromPCs(pcs []uintptr) []Frame {
	if len(pcs) == 0 {
		return nil
	}
	var out []Frame
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		out = append(out, Frame{Func: f.Function, File: f.File, Line: f.Line})
		if !more {
			return out
		}
	}
}
