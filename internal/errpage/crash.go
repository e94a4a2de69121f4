package errpage

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

func (v *view) crash(p *Page, src *sources, editor string) {
	v.Exit = clean(p.Exit)
	v.InFlight = clean(p.InFlight)
	defer func() {
		// The child's own last words are the headline: "panic: …" or
		// "fatal error: …", as it printed them. The page has one title.
		for _, l := range v.Output {
			if l.Class == "panic" {
				v.Headline = l.Pre
				return
			}
		}
		v.headline(v.Message)
	}()
	out := p.Output
	if len(out) > maxOutput {
		out = out[len(out)-maxOutput:]
	}
	prev := ""
	for _, raw := range out {
		l := outLine{Pre: clean(raw)}
		caller := prev
		prev = l.Pre
		if strings.HasPrefix(l.Pre, "panic: ") || strings.HasPrefix(l.Pre, "fatal error: ") {
			l.Class = "panic"
		}
		// "\t/abs/file.go:12 +0x1d", a frame of a goroutine trace: link it,
		// and show the first one of the user's code with its source.
		if file, line, rest, ok := traceLocation(raw); ok {
			// The line above a file line names the function:
			// "main.handler(0xc000010000)".
			f := Frame{Func: traceFunc(caller), File: file, Line: line}
			l.Class = "lib"
			if userFrame(f, p.ModuleRoot) {
				l.Class = "user"
				if v.Where == nil {
					pkg, name := splitFunc(f.Func)
					v.Where = &frameView{
						Pkg: pkg, Name: name,
						Full: clean(file), File: clean(shortPath(file, p.ModuleRoot)), Line: line,
						Link: editorLink(editor, file, line, 1),
						Snip: src.snippet(file, []mark{{Line: line}}),
					}
				}
			}
			l.Pre, l.Loc, l.Post = "\t", clean(fmt.Sprintf("%s:%d", file, line)), clean(rest)
			l.Link = editorLink(editor, file, line, 1)
		}
		v.Output = append(v.Output, l)
	}
}

// traceLocation parses a file line of a Go stack trace, "\t/path/x.go:12"
// optionally followed by " +0x1d".
func traceLocation(s string) (file string, line int, rest string, ok bool) {
	s, ok = strings.CutPrefix(s, "\t")
	if !ok {
		return "", 0, "", false
	}
	loc := s
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		loc, rest = s[:i], s[i:]
	}
	colon := strings.LastIndexByte(loc, ':')
	if colon < 0 || !filepath.IsAbs(loc[:colon]) {
		return "", 0, "", false
	}
	line, err := strconv.Atoi(loc[colon+1:])
	if err != nil || line < 1 {
		return "", 0, "", false
	}
	return loc[:colon], line, rest, true
}

// traceFunc returns the function named by the line above a file line of a
// Go stack trace, "main.handler(0xc000010000)" or "created by
// net/http.(*Server).Serve in goroutine 1", or "" if it is not such a line.
func traceFunc(s string) string {
	s = strings.TrimPrefix(s, "created by ")
	if i := strings.Index(s, " in goroutine "); i >= 0 {
		s = s[:i]
	} else if i := strings.LastIndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	if s == "" || strings.ContainsAny(s, " \t") || !strings.Contains(s, ".") {
		return ""
	}
	return s
}
