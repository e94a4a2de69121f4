package errpage

import (
	"html/template"
	"strings"
)

var reloadTmpl = template.Must(template.New("reload").Parse(
	`<script data-reload-url="{{.URL}}">{{.JS}}</script>`))

// ReloadScript returns a <script> element that reloads the page it is in
// when the server-sent-events endpoint at url sends a "reload" event: the
// client of Page.LiveReload, for injection into other HTML pages. The URL
// is escaped into an attribute (never into the script), and one that is
// not a safe URL (javascript:) is replaced, making the script a no-op.
// Several copies in one page open one connection.
func ReloadScript(url string) template.HTML {
	var b strings.Builder
	err := reloadTmpl.Execute(&b, struct {
		URL string
		JS  template.JS
	}{url, template.JS(asset("reload.js"))})
	if err != nil {
		return "" // a strings.Builder does not fail, nor does this template
	}
	// Safe: produced by html/template from a fixed template.
	return template.HTML(b.String())
}
