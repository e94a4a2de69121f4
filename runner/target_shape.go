package runner

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strconv"
	"strings"
)

// shapes lists, for error messages, the Handler shapes core.Adapt takes.
const shapes = "a core.Func, a func(http.ResponseWriter, *http.Request) (any, error), " +
	"an http.HandlerFunc, a func(http.ResponseWriter, *http.Request) or an http.Handler"

// checkHandler finds the top-level Handler of a package's files and rejects
// what is certainly not a shape core.Adapt takes. A file that does not
// parse is left for the compiler to report: the build fails with the
// compiler's file:line messages, which say more than "no Handler" would.
func checkHandler(t *Target, files []string) error {
	fset := token.NewFileSet()
	broken := false
	lower := false
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			broken = true
		}
		if f == nil {
			continue
		}
		for _, decl := range f.Decls {
			found, err := checkDecl(t, f, decl)
			if found {
				return err
			}
		}
		if declares(f, "handler") {
			lower = true
		}
	}
	if broken {
		return nil
	}
	hint := ""
	if lower {
		hint = " (it has an unexported handler: rename it Handler)"
	}
	return fmt.Errorf("%s exports no Handler%s: declare one, e.g. func Handler(w http.ResponseWriter, r *http.Request) (any, error)", t.display(), hint)
}

// checkDecl reports whether decl declares Handler and, if so, whether its
// shape is wrong.
func checkDecl(t *Target, f *ast.File, decl ast.Decl) (bool, error) {
	wrong := func(what string) error {
		return fmt.Errorf("%s: Handler is %s, but micro serves a Handler that is %s", t.display(), what, shapes)
	}
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil || d.Name.Name != "Handler" {
			return false, nil
		}
		if !handlerFunc(f, d.Type) {
			return true, wrong(fmt.Sprintf("a %s", render(d.Type)))
		}
		return true, nil
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.Name == "Handler" {
					return true, wrong("a type, not a value")
				}
			case *ast.ValueSpec:
				for i, n := range s.Names {
					if n.Name != "Handler" {
						continue
					}
					if d.Tok == token.CONST {
						return true, wrong("a constant")
					}
					var value ast.Expr
					if i < len(s.Values) && len(s.Values) == len(s.Names) {
						value = s.Values[i]
					}
					if what := wrongValue(f, s.Type, value); what != "" {
						return true, wrong(what)
					}
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// wrongValue describes a var's type or value that cannot be a handler, ""
// when it may be one (only the type checker could tell for sure).
func wrongValue(f *ast.File, typ, value ast.Expr) string {
	if id, ok := typ.(*ast.Ident); ok && basicTypes[id.Name] {
		return "a " + id.Name
	}
	if ft, ok := typ.(*ast.FuncType); ok && !handlerFunc(f, ft) {
		return "a " + render(ft)
	}
	switch v := value.(type) {
	case *ast.BasicLit:
		return render(v) + " (" + litKinds[v.Kind] + ")"
	case *ast.FuncLit:
		if !handlerFunc(f, v.Type) {
			return "a " + render(v.Type)
		}
	case *ast.CompositeLit:
		switch v.Type.(type) {
		case *ast.ArrayType, *ast.MapType:
			return "a " + render(v.Type)
		}
	case *ast.Ident:
		if v.Name == "true" || v.Name == "false" {
			return "a bool"
		}
	}
	return ""
}

var basicTypes = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
	"error": true,
}

var litKinds = map[token.Token]string{
	token.INT: "an integer", token.FLOAT: "a number", token.IMAG: "a number",
	token.CHAR: "a rune", token.STRING: "a string",
}

// handlerFunc reports whether ft may be func(http.ResponseWriter,
// *http.Request) returning nothing or (any, error). In a file that does not
// import net/http the parameter types could be aliases, so only their number
// is checked.
func handlerFunc(f *ast.File, ft *ast.FuncType) bool {
	if ft.TypeParams != nil && len(ft.TypeParams.List) > 0 {
		return false
	}
	params := fieldTypes(ft.Params)
	results := fieldTypes(ft.Results)
	if len(params) != 2 || (len(results) != 0 && len(results) != 2) {
		return false
	}
	pkg := httpName(f)
	if pkg == "" {
		return true
	}
	if !selector(params[0], pkg, "ResponseWriter") {
		return false
	}
	star, ok := params[1].(*ast.StarExpr)
	if !ok || !selector(star.X, pkg, "Request") {
		return false
	}
	return len(results) == 0 || (isAny(results[0]) && isIdent(results[1], "error"))
}

// fieldTypes returns one type per parameter of a list ("a, b int" is two).
func fieldTypes(l *ast.FieldList) []ast.Expr {
	if l == nil {
		return nil
	}
	var out []ast.Expr
	for _, field := range l.List {
		n := max(len(field.Names), 1)
		for range n {
			out = append(out, field.Type)
		}
	}
	return out
}

// httpName returns the name net/http is imported as in f: "http", an
// alias, "." for a dot import, "" when it is not imported.
func httpName(f *ast.File) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p != "net/http" {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return "http"
	}
	return ""
}

// selector reports whether e names pkg.name (or name after a dot import).
func selector(e ast.Expr, pkg, name string) bool {
	if pkg == "." {
		return isIdent(e, name)
	}
	s, ok := e.(*ast.SelectorExpr)
	return ok && isIdent(s.X, pkg) && s.Sel.Name == name
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// isAny reports whether e is any or interface{}.
func isAny(e ast.Expr) bool {
	if isIdent(e, "any") {
		return true
	}
	it, ok := e.(*ast.InterfaceType)
	return ok && (it.Methods == nil || len(it.Methods.List) == 0)
}

// declares reports whether f declares name at top level.
func declares(f *ast.File, name string) bool {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return true
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if s, ok := spec.(*ast.ValueSpec); ok {
					for _, n := range s.Names {
						if n.Name == name {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// render prints a node compactly for an error message.
func render(n ast.Node) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, token.NewFileSet(), n); err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(buf.String()), " ")
}
