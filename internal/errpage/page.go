package errpage

import (
	"net/http"
)

// Kind says which of the three pages a Page is.
type Kind int

const (
	// Runtime is an error returned or panicked by a handler.
	Runtime Kind = iota
	// Compile is a failed build.
	Compile
	// Crash is a child process that exited or never became ready.
	Crash
)

// Page is everything one error page shows. Zero fields are left out.
type Page struct {
	Kind    Kind
	Status  int    // the HTTP status the page is served with
	Title   string // headline, e.g. "Internal Server Error" or "Build failed"
	Message string // the main message

	// Runtime pages.
	Panic   string   // the panic value, when the error came from a panic
	Chain   []string // the error chain, outermost first (Error() of each Unwrap level)
	Frames  []Frame  // the stack, innermost first
	Request *Request // the request that failed

	// Compile pages.
	Diagnostics []Diagnostic

	// Crash pages.
	Exit   string   // "exit status 2", "signal: killed", "did not accept connections within 10s"
	Output []string // the last lines the child printed

	// ModuleRoot is the user's module directory: frames and diagnostics in
	// it are the user's code, shown expanded with source; others collapse.
	ModuleRoot string
	// Editor is a URL pattern for file links with {file}, {line} and {col};
	// empty means $MICRO_EDITOR, else vscode://file/{file}:{line}:{col}.
	Editor string
	// LiveReload, when set, is the URL of a server-sent-events endpoint: the
	// page reloads itself on its "reload" event.
	LiveReload string
}

// Frame is one call of a stack.
type Frame struct {
	Func string
	File string
	Line int
}

// Diagnostic is one compiler message. File is absolute, or relative to
// Page.ModuleRoot.
type Diagnostic struct {
	File    string
	Line    int
	Col     int
	Message string
}

// Request is what the page shows of the request that failed.
type Request struct {
	Method string
	URL    string
	Header http.Header
}
