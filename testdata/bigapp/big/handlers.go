package big

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Item is one entry of the feed the handlers render.
type Item struct {
	XMLName Name   `xml:"item"`
	Title   string `xml:"title"`
	Link    string `xml:"link"`
	Score   int    `xml:"score,attr"`
}

var items = []Item{
	{Title: "first", Link: "/1", Score: 3},
	{Title: "second", Link: "/2", Score: 5},
	{Title: "third", Link: "/3", Score: 8},
}

// Render is the page for path, with greeting as its first line.
func Render(path, greeting string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", greeting, Version)
	switch path {
	case "/":
		b.WriteString(strings.Join(Routes, "\n"))
	case "/feed.xml":
		out, err := MarshalIndent(items, "", "  ")
		if err != nil {
			return "", err
		}
		b.Write(out)
	case "/export.csv":
		w := NewWriter(&b)
		for _, it := range items {
			if err := w.Write([]string{it.Title, it.Link, fmt.Sprint(it.Score)}); err != nil {
				return "", err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return "", err
		}
	case "/template":
		trees, err := Parse("page", "{{range .}}<li>{{.Title}}</li>{{end}}", "{{", "}}")
		if err != nil {
			return "", err
		}
		b.WriteString(trees["page"].Root.String())
	case "/source":
		src, err := formatSource("package p\nfunc   F( )  {  }\n")
		if err != nil {
			return "", err
		}
		b.WriteString(src)
	}
	return b.String(), nil
}

// formatSource prints Go source through the copied go/printer.
func formatSource(src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	cfg := Config{Mode: UseSpaces | TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, fset, []ast.Node{f}[0]); err != nil {
		return "", err
	}
	return buf.String(), nil
}
