package errpage

import (
	"fmt"
	"slices"
	"strings"
)

func (v *view) runtime(p *Page, src *sources, editor string) {
	v.Type = clean(p.Type)
	v.Panic = clean(p.Panic)
	v.Stackless = p.Stackless && len(p.Frames) > 0
	msg := v.Message
	if v.Panic != "" {
		// The panic is the headline; a message that only repeats it
		// ("panic: boom") is not shown again.
		if msg == v.Panic || msg == "panic: "+v.Panic {
			msg = ""
		}
		v.Headline, v.Message = "panic: "+firstLine(v.Panic), strings.Trim(restLines(v.Panic)+"\n\n"+msg, "\n")
	} else {
		v.headline(msg)
	}
	v.chain(p)
	v.stack(p, src, editor)
	if r := p.Request; r != nil {
		v.Request = newRequestView(r)
		v.Context = strings.TrimSpace(v.Request.Method + " " + v.Request.URL)
	}
}

func firstLine(s string) string { f, _, _ := strings.Cut(s, "\n"); return f }
func restLines(s string) string { _, r, _ := strings.Cut(s, "\n"); return r }

// chain lists the levels of the error chain that say more than the
// headline: a chain of one level that repeats the message or the panic is
// not shown.
func (v *view) chain(p *Page) {
	chain := cleanAll(p.Chain)
	if len(chain) == 1 {
		c := chain[0]
		if c == clean(p.Message) || c == v.Panic || c == "panic: "+v.Panic {
			return
		}
	}
	for i, c := range chain {
		l := chainLink{Own: c}
		if i < len(p.ChainTypes) {
			l.Type = clean(p.ChainTypes[i])
		}
		// "load: boom" wrapping "boom": the inherited part is dimmed.
		if i+1 < len(chain) && len(chain[i+1]) < len(c) && strings.HasSuffix(c, chain[i+1]) {
			l.Own, l.Rest = c[:len(c)-len(chain[i+1])], chain[i+1]
		}
		v.Chain = append(v.Chain, l)
	}
}

// stack groups the frames: the user's shown with source, runs of library
// frames collapsed (open when there is no user frame at all).
func (v *view) stack(p *Page, src *sources, editor string) {
	snippets := 0
	for _, f := range p.Frames {
		user := userFrame(f, p.ModuleRoot)
		pkg, name := splitFunc(clean(f.Func))
		fv := frameView{
			Pkg: pkg, Name: name,
			Full: clean(f.File), File: clean(shortPath(f.File, p.ModuleRoot)),
			Line: f.Line, Link: editorLink(editor, f.File, f.Line, 1),
		}
		if user && snippets < maxSnippets {
			fv.Snip = src.snippet(f.File, []mark{{Line: f.Line}})
			snippets++
		}
		if n := len(v.Stack); n > 0 && !user && !v.Stack[n-1].User {
			v.Stack[n-1].Frames = append(v.Stack[n-1].Frames, fv)
		} else {
			v.Stack = append(v.Stack, frameGroup{User: user, Frames: []frameView{fv}})
		}
	}
	hasUser := slices.ContainsFunc(v.Stack, func(g frameGroup) bool { return g.User })
	for i := range v.Stack {
		g := &v.Stack[i]
		g.Open = g.User || !hasUser
		if !g.User {
			g.Summary = librarySummary(g.Frames)
		}
	}
}

// librarySummary names a run of collapsed frames by their packages.
func librarySummary(frames []frameView) string {
	var pkgs []string
	for _, f := range frames {
		if f.Pkg != "" && !slices.Contains(pkgs, f.Pkg) {
			pkgs = append(pkgs, f.Pkg)
		}
	}
	s := plural(len(frames), "frame")
	if len(pkgs) > 3 {
		pkgs = append(pkgs[:3], fmt.Sprintf("%d more", len(pkgs)-3))
	}
	if len(pkgs) > 0 {
		s += " in " + strings.Join(pkgs, ", ")
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
