package errpage

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// jsonError is the error object of the JSON form, the shape core's
// development JSON has ({"error": {...}}) with what each kind of page adds.
type jsonError struct {
	Kind        string           `json:"kind"`
	Status      int              `json:"status,omitempty"`
	Message     string           `json:"message"`
	Detail      string           `json:"detail,omitempty"`
	Type        string           `json:"type,omitempty"`
	Panic       string           `json:"panic,omitempty"`
	Chain       []jsonLink       `json:"chain,omitempty"`
	Frames      []jsonFrame      `json:"frames,omitempty"`
	Stackless   bool             `json:"stackless,omitempty"`
	Request     *jsonRequest     `json:"request,omitempty"`
	Diagnostics []jsonDiagnostic `json:"diagnostics,omitempty"`
	Exit        string           `json:"exit,omitempty"`
	InFlight    string           `json:"in_flight,omitempty"`
	Output      []string         `json:"output,omitempty"`
}

type jsonLink struct {
	Type    string `json:"type,omitempty"`
	Message string `json:"message"`
}

type jsonFrame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

type jsonRequest struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Header map[string][]string `json:"header,omitempty"`
}

type jsonDiagnostic struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

// JSON renders the page as {"error": {...}} for clients that asked for
// JSON: the message, and as the page has them the structured frames,
// chain, panic, type, request, diagnostics, exit and output. Strings are
// cleaned as on the page (no escape sequences, valid UTF-8), and secret
// headers are masked. As in core's JSON, "message" is the title (the
// status text, "Build failed"); "detail" is the page's message when it
// says more.
func (p *Page) JSON() ([]byte, error) {
	v := newView(p)
	e := jsonError{
		Kind: v.Kind, Status: p.Status, Message: v.Title, Type: v.Type,
		Panic: v.Panic, Stackless: v.Stackless, Exit: v.Exit, InFlight: v.InFlight,
	}
	if msg := strings.Trim(clean(p.Message), "\n"); msg != e.Message {
		e.Detail = msg
	}
	for i, c := range cleanAll(p.Chain) {
		l := jsonLink{Message: c}
		if i < len(p.ChainTypes) {
			l.Type = clean(p.ChainTypes[i])
		}
		e.Chain = append(e.Chain, l)
	}
	for _, f := range p.Frames {
		e.Frames = append(e.Frames, jsonFrame{Func: clean(f.Func), File: clean(f.File), Line: f.Line})
	}
	if r := v.Request; r != nil {
		jr := &jsonRequest{Method: r.Method, URL: r.URL, Header: map[string][]string{}}
		for _, h := range slices.Concat(r.Headers, r.Extra) {
			name := http.CanonicalHeaderKey(h.Name)
			jr.Header[name] = append(jr.Header[name], h.Value)
		}
		if len(jr.Header) == 0 {
			jr.Header = nil
		}
		e.Request = jr
	}
	for _, d := range p.Diagnostics {
		e.Diagnostics = append(e.Diagnostics, jsonDiagnostic{File: clean(d.File), Line: d.Line, Col: d.Col, Message: clean(d.Message)})
	}
	for _, l := range v.Output {
		e.Output = append(e.Output, l.Pre+l.Loc+l.Post)
	}
	if p.Kind == Crash && e.Output == nil {
		e.Output = []string{}
	}
	b, err := json.MarshalIndent(map[string]jsonError{"error": e}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
