package errpage

import (
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultEditor is the editor URL pattern used when neither Page.Editor nor
// $MICRO_EDITOR is set: it opens the file in Visual Studio Code.
const DefaultEditor = "vscode://file/{file}:{line}:{col}"

// editorPattern picks the pattern: the page's, the environment's, the
// default. A pattern with a script-running scheme is ignored: the link is
// clicked in the developer's browser, and nothing on an error page should
// run code.
func editorPattern(p string) string {
	if p == "" {
		p = os.Getenv("MICRO_EDITOR")
	}
	scheme, _, ok := strings.Cut(p, ":")
	if !ok || !validScheme(scheme) || !strings.Contains(p, "{file}") {
		return DefaultEditor
	}
	switch strings.ToLower(scheme) {
	case "javascript", "vbscript", "data":
		return DefaultEditor
	}
	return p
}

// validScheme reports whether s is a URL scheme (RFC 3986: a letter, then
// letters, digits, "+", "-", "."). Being strict also rules out tricks like
// "java\tscript:", which browsers read as javascript: once they strip the tab.
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// EditorURL fills an editor URL pattern ({file}, {line}, {col}) for an
// absolute file path. An empty pattern means $MICRO_EDITOR, else
// DefaultEditor. Line and column below 1 become 1.
func EditorURL(pattern, file string, line, col int) string {
	pattern = editorPattern(pattern)
	file = filepath.ToSlash(file)
	i := strings.Index(pattern, "{file}")
	inQuery := strings.Contains(pattern[:i], "?")
	var esc string
	if inQuery {
		esc = url.QueryEscape(file)
	} else {
		// Escape each segment, keeping the slashes: editors want a path.
		segs := strings.Split(file, "/")
		for j, s := range segs {
			segs[j] = url.PathEscape(s)
		}
		esc = strings.Join(segs, "/")
		// "vscode://file/" + "/home/x" would give an empty authority-like
		// "//home" that VS Code reads as a UNC host; the documented form is
		// vscode://file/home/x. A pattern ending in "//" (file://{file})
		// really wants the third slash, so it is kept there.
		before := pattern[:i]
		if strings.HasSuffix(before, "/") && !strings.HasSuffix(before, "//") {
			esc = strings.TrimPrefix(esc, "/")
		}
	}
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return strings.NewReplacer(
		"{file}", esc,
		"{line}", strconv.Itoa(line),
		"{col}", strconv.Itoa(col),
	).Replace(pattern)
}

// editorLink is EditorURL typed for the template. html/template would
// replace a vscode:, idea: or subl: URL by "#ZgotmplZ", because it only
// trusts http, https and mailto. Marking it template.URL is safe here: the
// scheme and shape come from the developer's own pattern (never from the
// request or the error), script schemes are refused by editorPattern, and
// every piece taken from the stack or the compiler is percent-escaped, so
// it can neither end the attribute nor change the scheme. The template
// still HTML-escapes the attribute value.
func editorLink(pattern, file string, line, col int) template.URL {
	if file == "" || !filepath.IsAbs(file) {
		return ""
	}
	return template.URL(EditorURL(pattern, file, line, col))
}
