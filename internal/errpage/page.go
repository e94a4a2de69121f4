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
	Type  string   // the Go type of the error, as %T prints it: "*fs.PathError"
	Panic string   // the panic value, when the error came from a panic
	Chain []string // the error chain, outermost first (Error() of each Unwrap level)
	// ChainTypes is the Go type of each level of Chain, at the same index;
	// it may be shorter than Chain (missing types are not shown).
	ChainTypes []string
	Frames     []Frame // the stack, innermost first
	// Stackless says the error recorded no stack of its own (errors.New,
	// fmt.Errorf): Frames are where it was reported, not where it was made.
	Stackless bool
	Request   *Request // the request that failed

	// Compile pages.
	Diagnostics []Diagnostic

	// Crash pages.
	Exit   string   // "exit status 2", "signal: killed", "did not accept connections within 10s"
	Output []string // the last lines the child printed
	// Restart, when set, is where a POST starts the crashed program again:
	// the page shows a Restart button.
	Restart string
	// InFlight names the request the child was serving when it died,
	// "GET /greet"; empty when none was.
	InFlight string

	// ModuleRoot is the user's module directory: frames and diagnostics in
	// it are the user's code, shown expanded with source; others collapse.
	ModuleRoot string
	// Editor is a URL pattern for file links with {file}, {line} and {col};
	// empty means $MICRO_EDITOR, else vscode://file/{file}:{line}:{col}.
	Editor string
	// LiveReload, when set, is the URL of a server-sent-events endpoint: the
	// page reloads itself on its "reload" event.
	LiveReload string

	// source holds the files read by CaptureSource, by path; nil until then.
	source map[string][]string
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
