package errpage

import (
	"embed"
	"html/template"
	"io"
)

//go:embed assets
var assets embed.FS

// asset returns an embedded file; they are part of the binary, so a
// missing one is a build mistake caught by every test.
func asset(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic("errpage: missing embedded asset: " + err.Error())
	}
	return string(b)
}

var (
	pageTmpl = template.Must(template.New("page").Parse(asset("page.html")))
	// The CSS and the script are static files of this package, so marking
	// them as trusted CSS and JS is safe: no data ever goes into them. The
	// page's one script is its own behaviour plus the live-reload client.
	pageCSS = template.CSS(asset("page.css"))
	pageJS  = template.JS(asset("page.js") + asset("reload.js"))
)

// HTML writes the page as a complete HTML document. Everything taken from
// the error, the request or the source is escaped.
func (p *Page) HTML(w io.Writer) error {
	v := newView(p)
	v.CSS, v.JS = pageCSS, pageJS
	return pageTmpl.Execute(w, v)
}
