package core

import (
	"net/http"
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
	best, bestQ := formatText, 0
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

// quality is the q parameter of a media range in thousandths, 1000 when
// absent, 0 when malformed. A q value has at most three decimals, so it is
// read by hand: strconv's float parser would weigh every binary.
func quality(params string) int {
	for param := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(param, "=")
		if k = strings.TrimSpace(k); k == "q" || k == "Q" {
			return parseQ(strings.TrimSpace(v))
		}
	}
	return 1000
}

// parseQ parses "0", "1", "0.5", "0.125", "1.000" into thousandths.
func parseQ(v string) int {
	if v == "" || (v[0] != '0' && v[0] != '1') {
		return 0
	}
	q := int(v[0]-'0') * 1000
	if len(v) == 1 {
		return q
	}
	if v[1] != '.' || len(v) > 5 {
		return 0
	}
	scale := 100
	for _, c := range v[2:] {
		if c < '0' || c > '9' {
			return 0
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	return min(q, 1000)
}
