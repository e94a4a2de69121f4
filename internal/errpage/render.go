package errpage

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
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
	// code.css comes first: page.css's narrow-screen rules override it.
	// The CSS and the script are static files of this package, so marking
	// them as trusted CSS and JS is safe: no data ever goes into them. The
	// page's one script is its own behaviour plus the live-reload client.
	pageCSS = template.CSS(asset("code.css") + asset("page.css"))
	pageJS  = template.JS(asset("page.js") + asset("reload.js"))
	// pageCSP allows the page's own style and script, by hash, and nothing
	// else: should escaping ever fail, a script or style smuggled in
	// through an error message would still not run. connect-src is open
	// for the live-reload URL, which may name another origin.
	pageCSP = "default-src 'none'; img-src data:; connect-src *; base-uri 'none'; form-action 'none'; " +
		"style-src " + hash(string(pageCSS)) + "; script-src " + hash(string(pageJS))
)

// hash is a CSP source expression for an inline element with content s.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// HTML writes the page as a complete HTML document. Everything taken from
// the error, the request or the source is escaped.
func (p *Page) HTML(w io.Writer) error {
	v := newView(p)
	v.CSS, v.JS, v.CSP = pageCSS, pageJS, pageCSP
	return pageTmpl.Execute(w, v)
}
