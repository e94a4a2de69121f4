package errpage

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
)

// view is a Page made ready for the template and for Text: every string
// cleaned (valid UTF-8, no control characters), paths shortened, frames
// grouped, source read. Only fixed strings of this package and the typed
// editor links bypass escaping.
type view struct {
	Kind      string // CSS class: runtime, compile, crash
	KindLabel string
	Status    int
	Title     string
	Message   string
	Multiline bool
	Context   string // what failed, under the title: "GET /users/1"
	Panic     string
	Chain     []chainLink
	Stack     []frameGroup
	Request   *requestView
	Files     []fileGroup
	Summary   string
	Exit      string
	Output    []outLine
	Where     *frameView // crash: the user's line the output points at
	Reload    string
	Text      string
	CSS       template.CSS
	JS        template.JS
	CSP       string
}

type chainLink struct{ Own, Rest string }

type frameGroup struct {
	User    bool
	Open    bool
	Summary string
	Frames  []frameView
}

type frameView struct {
	Pkg, Name string
	Full      string // the absolute path, for Text
	File      string // the path as shown
	Line      int
	Link      template.URL
	Snip      *snippet
}

type requestView struct {
	Method, URL string
	Headers     []header
}

type header struct{ Name, Value string }

type fileGroup struct {
	Path  string
	Link  template.URL
	Diags []diagView
}

type diagView struct {
	Line, Col int
	Pos       string // "12:5", for the text and the link label
	Message   string
	Link      template.URL
	Snip      *snippet
}

type outLine struct {
	Class          string // "", "panic", "user", "lib"
	Pre, Loc, Post string
	Link           template.URL
}

const (
	// maxSnippets bounds the frames shown with source: deep recursion in
	// user code would otherwise repeat the same lines many times.
	maxSnippets = 12
	// maxOutput is how many of the last output lines a crash page shows.
	maxOutput = 400
)

// newView builds the view of p, reading the source files it points to.
func newView(p *Page) *view {
	v := &view{
		Status:  p.Status,
		Title:   clean(p.Title),
		Message: strings.TrimRight(clean(p.Message), "\n"),
		Reload:  p.LiveReload,
	}
	v.Multiline = strings.Contains(v.Message, "\n")
	src := &sources{}
	editor := editorPattern(p.Editor)
	switch p.Kind {
	case Compile:
		v.Kind, v.KindLabel = "compile", "Compile error"
		v.Title = or(v.Title, "Build failed")
		v.compile(p, src, editor)
	case Crash:
		v.Kind, v.KindLabel = "crash", "Crash"
		v.Title = or(v.Title, "The server crashed")
		v.crash(p, src, editor)
	default:
		v.Kind, v.KindLabel = "runtime", "Runtime error"
		v.Title = or(v.Title, http.StatusText(p.Status), "Runtime error")
		v.runtime(p, src, editor)
	}
	v.Text = v.text()
	return v
}

func or(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func (v *view) runtime(p *Page, src *sources, editor string) {
	v.Panic = clean(p.Panic)
	chain := cleanAll(p.Chain)
	if len(chain) > 1 || (len(chain) == 1 && chain[0] != v.Message) {
		for i, c := range chain {
			l := chainLink{Own: c}
			// "load: boom" wrapping "boom": the inherited part is dimmed.
			if i+1 < len(chain) && len(chain[i+1]) < len(c) && strings.HasSuffix(c, chain[i+1]) {
				l.Own, l.Rest = c[:len(c)-len(chain[i+1])], chain[i+1]
			}
			v.Chain = append(v.Chain, l)
		}
	}
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
			fv.Snip = src.snippet(f.File, f.Line, 0)
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
	if r := p.Request; r != nil {
		rv := &requestView{Method: clean(r.Method), URL: clean(r.URL)}
		for _, name := range slices.Sorted(maps.Keys(r.Header)) {
			for _, val := range r.Header[name] {
				rv.Headers = append(rv.Headers, header{Name: clean(name), Value: clean(val)})
			}
		}
		v.Request = rv
		v.Context = strings.TrimSpace(rv.Method + " " + rv.URL)
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

func (v *view) compile(p *Page, src *sources, editor string) {
	index := map[string]int{}
	for _, d := range p.Diagnostics {
		file := d.File
		if file != "" && !filepath.IsAbs(file) && p.ModuleRoot != "" {
			file = filepath.Join(p.ModuleRoot, file)
		}
		i, ok := index[file]
		if !ok {
			i = len(v.Files)
			index[file] = i
			shown := ""
			if file != "" {
				shown = clean(shortPath(file, p.ModuleRoot))
			}
			v.Files = append(v.Files, fileGroup{Path: shown, Link: editorLink(editor, file, 1, 1)})
		}
		dv := diagView{
			Line: d.Line, Col: d.Col,
			Message: strings.TrimRight(clean(d.Message), "\n"),
			Link:    editorLink(editor, file, d.Line, d.Col),
		}
		switch {
		case d.Line > 0 && d.Col > 0:
			dv.Pos = fmt.Sprintf("%d:%d", d.Line, d.Col)
		case d.Line > 0:
			dv.Pos = fmt.Sprint(d.Line)
		}
		if file != "" && d.Line > 0 {
			dv.Snip = src.snippet(file, d.Line, d.Col)
		}
		v.Files[i].Diags = append(v.Files[i].Diags, dv)
	}
	if n := len(p.Diagnostics); n > 0 {
		v.Summary = plural(n, "error")
		if files := len(v.Files); files > 1 {
			v.Summary += " in " + plural(files, "file")
		}
		// micro-dev says "3 errors": say the fuller thing once.
		if strings.HasPrefix(v.Summary, v.Message) {
			v.Message = v.Summary
		}
	}
}
