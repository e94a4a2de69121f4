package errpage

import (
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
)

type fileGroup struct {
	Path   string
	Link   template.URL
	Blocks []diagBlock
}

// diagBlock is diagnostics whose snippets would overlap, shown over one
// snippet with a caret for each, as rustc does.
type diagBlock struct {
	Diags []diagView
	Snip  *snippet
	lo    int // the first and last line of the diagnostics, 0 for none
	hi    int
	file  string
}

type diagView struct {
	Line, Col int
	Pos       string // "12:5", for the text and the link label
	Message   string
	Link      template.URL
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
		v.Files[i].add(dv, file)
	}
	for i := range v.Files {
		for j := range v.Files[i].Blocks {
			v.Files[i].Blocks[j].read(src)
		}
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

// add puts d into the block of g whose snippet it would overlap, or a new
// one. Two snippets overlap when their lines are within twice the context
// shown around each.
func (g *fileGroup) add(d diagView, file string) {
	if d.Line > 0 && file != "" {
		for i := range g.Blocks {
			b := &g.Blocks[i]
			if b.lo > 0 && d.Line >= b.lo-2*around && d.Line <= b.hi+2*around {
				b.Diags = append(b.Diags, d)
				b.lo, b.hi = min(b.lo, d.Line), max(b.hi, d.Line)
				return
			}
		}
	}
	b := diagBlock{Diags: []diagView{d}, file: file}
	if d.Line > 0 && file != "" {
		b.lo, b.hi = d.Line, d.Line
	}
	g.Blocks = append(g.Blocks, b)
}

// read reads the block's snippet; carets are labelled with their message
// when the block holds several, so that each caret says what it means.
func (b *diagBlock) read(src *sources) {
	if b.lo == 0 {
		return
	}
	var marks []mark
	for _, d := range b.Diags {
		m := mark{Line: d.Line, Col: d.Col}
		if len(b.Diags) > 1 {
			m.Label = firstLine(d.Message)
		}
		marks = append(marks, m)
	}
	b.Snip = src.snippet(b.file, marks)
}
