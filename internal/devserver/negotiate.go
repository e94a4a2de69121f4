package devserver

import (
	"net/http"
	"strconv"
	"strings"
)

// Format is the form of a page chosen for a client.
type Format int

const (
	Text Format = iota // plain text: curl and anything that did not ask
	HTML
	JSON
)

// PreferredFormat picks HTML, JSON or text from the Accept header: the
// acceptable one with the highest quality, the first listed on a tie.
// Wildcards alone (curl's */*) mean text. It agrees with the runtime error
// pages of core, which keeps its own copy because core imports nothing of
// this module; a test holds the two to the same answers.
func PreferredFormat(r *http.Request) Format {
	if r == nil {
		return Text
	}
	best, bestQ := Text, 0.0
	for _, accept := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(accept, ",") {
			mediaType, params, _ := strings.Cut(part, ";")
			var f Format
			switch mt := strings.ToLower(strings.TrimSpace(mediaType)); {
			case mt == "text/html" || mt == "application/xhtml+xml":
				f = HTML
			case mt == "application/json" || strings.HasSuffix(mt, "+json"):
				f = JSON
			case mt == "text/plain":
				f = Text
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

// quality is the q parameter of one Accept entry: 1 when absent, 0 when
// malformed, so a broken entry never wins.
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
