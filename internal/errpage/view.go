package errpage

import (
	"html/template"
	"maps"
	"net/http"
	"strings"
)

// view is a Page made ready for the template and for Text: every string
// cleaned (valid UTF-8, no control characters), paths shortened, frames
// grouped, source read, secrets masked. Only fixed strings of this package
// and the typed editor links bypass escaping.
type view struct {
	Kind      string // CSS class: runtime, compile, crash
	KindLabel string
	Status    int
	Title     string // the document's title and, under a headline, the status label
	Headline  string // the h1: the message, the panic, the crash's panic line
	Message   string // what the headline leaves out, shown under it
	Type      string
	Context   string // what failed, under the title: "GET /users/1"
	Panic     string
	Stackless bool
	Chain     []chainLink
	Stack     []frameGroup
	Request   *requestView
	Files     []fileGroup
	Summary   string
	Exit      string
	InFlight  string
	Output    []outLine
	Where     *frameView // crash: the user's line the output points at
	Reload    string
	Restart   string // crash: the URL a POST restarts the program at
	Text      string
	CSS       template.CSS
	JS        template.JS
	CSP       string
}

type chainLink struct{ Own, Rest, Type string }

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

// newView builds the view of p, reading the source files it points to
// (or using those CaptureSource kept).
func newView(p *Page) *view {
	return p.buildView(&sources{files: maps.Clone(p.source)})
}

// buildView builds the view of p with the source files of src.
func (p *Page) buildView(src *sources) *view {
	v := &view{
		Status:  p.Status,
		Title:   clean(p.Title),
		Message: strings.Trim(clean(p.Message), "\n"),
		Reload:  p.LiveReload,
	}
	if p.Kind == Crash {
		v.Restart = p.Restart
	}
	editor := editorPattern(p.Editor)
	switch p.Kind {
	case Compile:
		v.Kind, v.KindLabel = "compile", "Compile error"
		v.Title = or(v.Title, "Build failed")
		v.compile(p, src, editor)
		v.Headline = v.Title
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

// headline makes the first line of msg the headline, as Next.js, Ignition
// and Phoenix do, and leaves the other lines as the message under it.
func (v *view) headline(msg string) {
	first, rest, _ := strings.Cut(msg, "\n")
	v.Headline, v.Message = first, strings.Trim(rest, "\n")
	if v.Headline == "" {
		v.Headline, v.Message = v.Title, msg
	}
}

func or(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
