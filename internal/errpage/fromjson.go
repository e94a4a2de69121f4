package errpage

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// coreError is core's development error JSON.
type coreError struct {
	Error *struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
		Detail  string `json:"detail"`
		Stack   string `json:"stack"`
		Type    string `json:"type"`
		Panic   string `json:"panic"`
		Chain   []struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"chain"`
		Frames    []jsonFrame `json:"frames"`
		Stackless bool        `json:"stackless"`
	} `json:"error"`
}

// RuntimeFromJSON decodes the error JSON core writes in development,
// {"error": {"status", "message", "type", "panic", "chain", "frames",
// "stackless", "stack"}}, into a Runtime page, so that micro-dev can show
// the full page in place of core's small one. It fills no Request, Editor,
// ModuleRoot or LiveReload: the caller knows those.
//
// core's "message" is the public text of the status ("Internal Server
// Error", or the message given to core.Error); it becomes the Title. The
// page's Message, its headline, is the error itself: the first level of
// the chain (the outermost error's text), or "detail" (which Page.JSON
// writes), or the panic, or else the message. The type is the outermost error's, else the chain's first.
func RuntimeFromJSON(data []byte) (*Page, error) {
	var ce coreError
	if err := json.Unmarshal(data, &ce); err != nil {
		return nil, fmt.Errorf("decoding the error JSON: %w; want {\"error\": {...}} as core writes it", err)
	}
	e := ce.Error
	if e == nil {
		return nil, errors.New(`decoding the error JSON: no "error" object; want {"error": {...}} as core writes it`)
	}
	p := &Page{
		Kind: Runtime, Status: e.Status,
		Title: e.Message, Type: e.Type, Panic: e.Panic, Stackless: e.Stackless,
	}
	if p.Title == "" {
		p.Title = http.StatusText(e.Status)
	}
	for _, c := range e.Chain {
		p.Chain = append(p.Chain, c.Message)
		p.ChainTypes = append(p.ChainTypes, c.Type)
	}
	switch {
	case len(p.Chain) > 0:
		p.Message = p.Chain[0]
	case e.Detail != "":
		p.Message = e.Detail
	case p.Panic != "":
		p.Message = "panic: " + p.Panic
	default:
		p.Message = e.Message
	}
	if p.Type == "" && len(p.ChainTypes) > 0 {
		p.Type = p.ChainTypes[0]
	}
	for _, f := range e.Frames {
		p.Frames = append(p.Frames, Frame(f))
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	return p, nil
}
