package errpage

import (
	"maps"
	"net/url"
	"slices"
	"strings"
)

type requestView struct {
	Method, URL string
	Query       []header // the URL's query parameters, in order
	Headers     []header // the user's headers
	Extra       []header // the browser's Sec-* and the proxy's X-Forwarded-*
}

// header is one header line; a secret one holds its value masked in Value
// (for the text, JSON and copied forms) and whole in Secret (revealed on
// the HTML page by a click).
type header struct{ Name, Value, Secret string }

// newRequestView shows the query parameters first, then the headers the
// user's client sent, and tucks away those added by the browser (Sec-*)
// or by micro-dev's proxy (X-Forwarded-*), which are rarely the point.
func newRequestView(r *Request) *requestView {
	rv := &requestView{Method: clean(r.Method), URL: clean(maskQuery(r.URL))}
	rv.Query = queryParams(r.URL)
	for _, name := range slices.Sorted(maps.Keys(r.Header)) {
		for _, val := range r.Header[name] {
			h := header{Name: clean(name), Value: clean(val)}
			if SecretHeader(name) {
				h.Secret = h.Value
				h.Value = clean(maskValue(name, val))
			}
			if extraHeader(name) {
				rv.Extra = append(rv.Extra, h)
			} else {
				rv.Headers = append(rv.Headers, h)
			}
		}
	}
	return rv
}

// extraHeader reports headers the user's code rarely cares about: the
// browser's fetch metadata and client hints, and the proxy's forwarding.
func extraHeader(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "sec-") || strings.HasPrefix(n, "x-forwarded-")
}

// queryParams lists the query of a request URL ("/p?a=1&b=2" or absolute)
// in the order it was written, decoded; a parameter that does not decode
// is shown as written.
func queryParams(raw string) []header {
	_, query, found := strings.Cut(raw, "?")
	if !found || query == "" {
		return nil
	}
	query, _, _ = strings.Cut(query, "#")
	var out []header
	for part := range strings.SplitSeq(query, "&") {
		if part == "" {
			continue
		}
		k, val, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(val); err == nil {
			val = dv
		}
		h := header{Name: clean(k), Value: clean(val)}
		if SecretHeader(k) {
			h.Secret, h.Value = h.Value, mask
		}
		out = append(out, h)
	}
	return out
}

// maskQuery masks the values of the query parameters of a URL whose names
// say they are secret (?api_key=…, ?token=…), as SecretHeader does for
// headers, keeping everything else as written.
func maskQuery(raw string) string {
	base, query, found := strings.Cut(raw, "?")
	if !found {
		return raw
	}
	query, frag, hasFrag := strings.Cut(query, "#")
	parts := strings.Split(query, "&")
	for i, part := range parts {
		k, _, hasValue := strings.Cut(part, "=")
		name := k
		if dk, err := url.QueryUnescape(k); err == nil {
			name = dk
		}
		if hasValue && SecretHeader(name) {
			parts[i] = k + "=" + mask
		}
	}
	out := base + "?" + strings.Join(parts, "&")
	if hasFrag {
		out += "#" + frag
	}
	return out
}
