package core

import (
	"net/http"
	"strconv"
	"strings"
)

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
