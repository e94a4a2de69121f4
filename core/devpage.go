package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// sendDevError answers with the error's text and stack, in the format the
// client asked for.
func sendDevError(w http.ResponseWriter, r *http.Request, status int, msg string, err error, stack []uintptr) {
	switch preferredFormat(r) {
	case formatHTML:
		var b bytes.Buffer
		if devPage(r, status, msg, err, stack).HTML(&b) == nil {
			writeError(w, status, contentHTML, b.String())
			return
		}
	case formatJSON:
		type body struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
			Stack   string `json:"stack"`
		}
		out, jerr := json.MarshalIndent(map[string]body{"error": {status, msg, stackText(err, stack)}}, "", "  ")
		if jerr == nil {
			writeError(w, status, contentJSON, string(out))
			return
		}
	}
	writeError(w, status, contentText, msg+"\n\n"+stackText(err, stack))
}

// devPage is the error page of section 4 for a runtime error.
func devPage(r *http.Request, status int, msg string, err error, stack []uintptr) *errpage.Page {
	p := &errpage.Page{
		Kind:       errpage.Runtime,
		Status:     status,
		Title:      msg,
		Message:    err.Error(),
		Frames:     frames(stack),
		LiveReload: os.Getenv("MICRO_LIVERELOAD"),
	}
	var pe *panicError
	if errors.As(err, &pe) {
		p.Panic = fmt.Sprint(pe.value)
	}
	// The chain is worth showing when it has levels beyond the message;
	// a panic's own level repeats the value shown as the panic.
	walkErrors(err, func(e error) bool {
		if _, ok := e.(*panicError); !ok {
			p.Chain = append(p.Chain, e.Error())
		}
		return true
	})
	if len(p.Chain) == 1 && p.Chain[0] == p.Message {
		p.Chain = nil
	}
	if r != nil {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		p.Request = &errpage.Request{
			Method: r.Method,
			URL:    scheme + "://" + r.Host + r.URL.RequestURI(),
			Header: r.Header,
		}
	}
	return p
}

type format int

const (
	formatText format = iota
	formatHTML
	formatJSON
)

// preferredFormat picks HTML, JSON or text from the Accept header: the
// acceptable one with the highest quality, the first listed on a tie.
// Wildcards alone (curl's */*) mean text.
func preferredFormat(r *http.Request) format {
	if r == nil {
		return formatText
	}
	best, bestQ := formatText, 0.0
	for _, accept := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(accept, ",") {
			mediaType, params, _ := strings.Cut(part, ";")
			var f format
			switch mt := strings.ToLower(strings.TrimSpace(mediaType)); {
			case mt == "text/html" || mt == "application/xhtml+xml":
				f = formatHTML
			case mt == "application/json" || strings.HasSuffix(mt, "+json"):
				f = formatJSON
			case mt == "text/plain":
				f = formatText
			default:
				continue
			}
			if q := quality(params); q > bestQ {
				best, bestQ = f, q
			}
		}
	}
	return best
}

// quality is the q parameter of a media range, 1 when absent.
func quality(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(param, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || q < 0 {
				return 0
			}
			return q
		}
	}
	return 1
}
