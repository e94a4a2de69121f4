package devserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
	"github.com/seed-1b2dc2de/micro/runner"
)

// failure is what every request gets while the build is broken or the
// child is down: one page, rendered per request for the client's Accept.
// Every page micro-dev serves itself is built here.
type failure struct {
	page       errpage.Page
	json       any    // the body for Accept: application/json
	retryAfter string // seconds, for the Retry-After header; empty: none
	// label names the page in the request log, "build failed"; empty: its
	// title, as a sentence's middle ("the handler exited").
	label string
}

type jsonDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// buildFailure turns a failed build into the compile error page. Errors
// that are not compiler output (go missing, a bad go.mod) become a page
// with their message, so the browser still says what to do.
func buildFailure(err error, moduleRoot, dir string) *failure {
	p := errpage.Page{
		Kind:       errpage.Compile,
		Status:     http.StatusInternalServerError,
		Title:      "Build failed",
		ModuleRoot: moduleRoot,
		LiveReload: ReloadPath,
	}
	diags := []jsonDiagnostic{}
	output := err.Error()
	if be, ok := err.(*runner.BuildError); ok {
		for _, d := range be.Diagnostics {
			p.Diagnostics = append(p.Diagnostics, errpage.Diagnostic{File: d.File, Line: d.Line, Col: d.Col, Message: d.Message})
			diags = append(diags, jsonDiagnostic{File: runner.RelPath(dir, d.File), Line: d.Line, Column: d.Col, Message: d.Message})
		}
		output = be.Output
	}
	switch n := len(p.Diagnostics); n {
	case 0:
		p.Message = strings.TrimSpace(runner.ErrorText(err, dir))
	case 1:
		p.Message = "1 error"
	default:
		p.Message = strconv.Itoa(n) + " errors"
	}
	// The lines the compiler saw, read now: a fixing save may land before
	// the page is drawn, and must not put the old error over the new line.
	p.CaptureSource()
	return &failure{label: "build failed", page: p, json: map[string]any{"error": map[string]any{
		"status":      p.Status,
		"message":     p.Title,
		"diagnostics": diags,
		"output":      output,
	}}}
}

// crashFailure is the page of a child that exited, or never accepted
// connections.
func crashFailure(status int, title, exit string, tail []string, moduleRoot string) *failure {
	tail = withoutNoise(tail)
	p := errpage.Page{
		Kind:       errpage.Crash,
		Status:     status,
		Title:      title,
		Exit:       exit,
		Output:     tail,
		ModuleRoot: moduleRoot,
		LiveReload: ReloadPath,
	}
	tail = errpage.CleanLines(tail) // the program's colours, under a terminal
	if tail == nil {
		tail = []string{}
	}
	return &failure{page: p, json: map[string]any{"error": map[string]any{
		"status":  p.Status,
		"message": title,
		"exit":    exit,
		"output":  tail,
	}}}
}

// holdFailure answers a request that waited the whole hold limit for a
// build: the build is still running, so the client may try again soon.
// Its page reloads itself when the build ends, even if that happens before
// its live-reload stream connects: sent is the broadcasts before the hold.
func holdFailure(limit time.Duration, moduleRoot string, sent int) *failure {
	f := crashFailure(http.StatusServiceUnavailable, "Still building",
		"micro-dev: still building after "+limit.String()+"; see the terminal", nil, moduleRoot)
	f.page.LiveReload = ReloadPath + "?after=" + strconv.Itoa(sent)
	f.retryAfter, f.label = "5", "still building"
	return f
}

// logLabel is the page's name in the request log.
func (f *failure) logLabel() string {
	if f.label != "" {
		return f.label
	}
	t := f.page.Title
	if len(t) > 1 && t[0] >= 'A' && t[0] <= 'Z' && (t[1] < 'A' || t[1] > 'Z') {
		t = string(t[0]+'a'-'A') + t[1:] // not an initialism: "--before"
	}
	return t
}

// serve writes the failure for the client: the HTML page for browsers,
// JSON for API clients, plain text for everything else (curl).
func (f *failure) serve(w http.ResponseWriter, r *http.Request) {
	markOwn(r, f.logLabel())
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Del("Access-Control-Allow-Origin") // no other site may read a page
	if f.retryAfter != "" {
		h.Set("Retry-After", f.retryAfter)
	}
	switch PreferredFormat(r) {
	case HTML:
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.page.Status)
		_ = f.page.HTML(w)
	case JSON:
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(f.page.Status)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(f.json)
	default:
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(f.page.Status)
		_, _ = w.Write([]byte(f.page.Text()))
	}
}
