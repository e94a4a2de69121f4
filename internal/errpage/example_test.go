package errpage_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// A compile error page as micro-dev serves it, here as text (for clients
// that do not accept HTML). The source file does not exist, so no lines
// are shown under the diagnostic.
func ExamplePage_Text() {
	p := &errpage.Page{
		Kind:   errpage.Compile,
		Status: http.StatusInternalServerError,
		Diagnostics: []errpage.Diagnostic{
			{File: "/src/app/main.go", Line: 11, Col: 14, Message: "cannot use count (variable of type string) as int value"},
			{File: "/src/app/main.go", Line: 20, Col: 2, Message: "undefined: serve"},
		},
		ModuleRoot: "/src/app",
	}
	fmt.Print(p.Text())
	// Output:
	// 500 Build failed
	//
	// 2 errors
	//
	// main.go:11:14: cannot use count (variable of type string) as int value
	// main.go:20:2: undefined: serve
}

// Serving a page: the caller picks HTML, JSON or text from Accept.
func ExamplePage_HTML() {
	p := &errpage.Page{Kind: errpage.Crash, Status: http.StatusBadGateway, Exit: "exit status 2", Output: []string{"panic: boom"}}
	handler := func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "text/html") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(p.Status)
			_ = p.HTML(w)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(p.Status)
		fmt.Fprint(w, p.Text())
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "text/html")
	handler(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(strings.Contains(rec.Body.String(), "<title>502 The server crashed</title>"))
	// Output:
	// 502 text/html; charset=utf-8
	// true
}

func ExampleEditorURL() {
	fmt.Println(errpage.EditorURL("vscode://file/{file}:{line}:{col}", "/home/me/app/main.go", 12, 5))
	fmt.Println(errpage.EditorURL("idea://open?file={file}&line={line}", "/home/me/my app/main.go", 12, 5))
	// Output:
	// vscode://file/home/me/app/main.go:12:5
	// idea://open?file=%2Fhome%2Fme%2Fmy+app%2Fmain.go&line=12
}

// The live-reload client for micro-dev to put into the user's HTML pages.
func ExampleReloadScript() {
	script := string(errpage.ReloadScript("/__micro/events"))
	fmt.Println(strings.HasPrefix(script, `<script data-reload-url="/__micro/events">`))
	// Output:
	// true
}

// micro-dev replaces core's small development page by the full one: it
// decodes the error JSON the child wrote and renders it.
func ExampleRuntimeFromJSON() {
	data := []byte(`{"error":{"status":500,"message":"Internal Server Error","type":"*fmt.wrapError",
		"chain":[{"type":"*fmt.wrapError","message":"load user 7: not found"},{"type":"*errors.errorString","message":"not found"}],
		"frames":[{"func":"main.handler","file":"/src/app/main.go","line":12}],"stackless":true}}`)
	p, err := errpage.RuntimeFromJSON(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	p.Request = &errpage.Request{Method: "GET", URL: "/users/7", Header: http.Header{"Authorization": {"Bearer s3cr3t"}}}
	fmt.Print(p.Text())
	// Output:
	// 500 Internal Server Error
	// GET /users/7
	//
	// load user 7: not found
	//
	// Type: *fmt.wrapError
	//
	// Error chain:
	//   load user 7: not found  (*fmt.wrapError)
	//   not found  (*errors.errorString)
	//
	// Stack:
	//   (This error recorded no stack (errors.New and fmt.Errorf do not), so the frames show where it was reported, not where it was made. Return core.Error(status, message, err) where it happens to record its origin.)
	//   main.handler
	//       /src/app/main.go:12
	//
	// Request:
	//   GET /users/7
	//   Authorization: Bearer ••••••
}

func ExampleSecretHeader() {
	for _, name := range []string{"Authorization", "Cookie", "X-Api-Key", "x_auth_token", "Accept"} {
		fmt.Println(name, errpage.SecretHeader(name))
	}
	// Output:
	// Authorization true
	// Cookie true
	// X-Api-Key true
	// x_auth_token true
	// Accept false
}
