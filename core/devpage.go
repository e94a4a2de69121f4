package core

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// devError is a development error response as data: the JSON body for
// Accept: application/json, and the object an HTML page carries for
// micro-dev to render its full page from. The field names are fixed.
type devError struct {
	Status  int    `json:"status"`
	Message string `json:"message"` // what the client reads in production
	Stack   string `json:"stack"`   // the error's text, a blank line, the stack
	Type    string `json:"type"`    // %T of the error, or of the panic value
	// Panic is the panic value as text, for a recovered panic only.
	Panic *string `json:"panic,omitempty"`
	// Chain is each level of the error's Unwrap chain, outermost first,
	// left out when it would only repeat the message.
	Chain  []chainLink `json:"chain,omitempty"`
	Frames []frame     `json:"frames,omitempty"` // innermost first
	// Stackless is set when the error recorded no stack of its own (such
	// as errors.New returned from a Func): the frames show where it was
	// returned, not where it was made.
	Stackless bool `json:"stackless,omitempty"`
}

// chainLink is one level of an error chain.
type chainLink struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// devHeader marks a development error response, so that micro-dev knows
// the body is core's and may replace the page with its own.
const devHeader = "X-Micro-Error"

// sendDevError answers with the error's text and stack, in the format the
// client asked for.
func sendDevError(w http.ResponseWriter, r *http.Request, status int, msg string, err error, stack []uintptr, stackless bool) {
	d := newDevError(status, msg, err, stack, stackless)
	w.Header().Set(devHeader, "1")
	switch preferredFormat(r) {
	case formatHTML:
		if data, jerr := json.Marshal(map[string]*devError{"error": d}); jerr == nil {
			writeError(w, status, contentHTML, devHTML(d, data))
			return
		}
	case formatJSON:
		if out, jerr := json.MarshalIndent(map[string]*devError{"error": d}, "", "  "); jerr == nil {
			writeError(w, status, contentJSON, string(out))
			return
		}
	}
	writeError(w, status, contentText, cleanText(d.Message+"\n\n"+d.Stack))
}

// newDevError gathers what a development response shows about err.
func newDevError(status int, msg string, err error, stack []uintptr, stackless bool) *devError {
	fs := frames(stack)
	d := &devError{
		Status:    status,
		Message:   msg,
		Stack:     stackText(err, fs),
		Type:      fmt.Sprintf("%T", err),
		Frames:    fs,
		Stackless: stackless,
	}
	var panicText string
	if pe, ok := err.(*panicError); ok {
		panicText = fmt.Sprint(pe.value)
		d.Panic = &panicText
		d.Type = fmt.Sprintf("%T", pe.value)
	}
	// A panic's own level only repeats the value shown as the panic.
	walkErrors(err, func(e error) bool {
		if _, ok := e.(*panicError); !ok {
			d.Chain = append(d.Chain, chainLink{Type: fmt.Sprintf("%T", e), Message: e.Error()})
		}
		return true
	})
	if len(d.Chain) == 1 && (d.Chain[0].Message == err.Error() || d.Panic != nil && d.Chain[0].Message == panicText) {
		d.Chain = nil
	}
	return d
}
