package devserver

import (
	"net/http"
	"net/url"
	"strings"
)

// ownPrefix is where micro-dev's own endpoints live: the live-reload
// stream, and whatever else the pages call back.
const ownPrefix = "/__micro/"

// sameOriginOnly refuses, with 403, a request to micro-dev's own endpoints
// made from another site's page: one whose Origin header names another
// host than the one the request was sent to. Browsers send Origin on
// cross-origin requests (an EventSource of another site, a form posted
// from it) and on same-origin POSTs; a same-origin GET, and curl, send
// none, and pass.
//
// An https Origin is taken as the same as http on the same host and port:
// a tunnel or proxy that ends TLS in front of micro-dev (and is allowed by
// the Host check) forwards exactly that.
func sameOriginOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, ownPrefix) && !sameOrigin(r) {
			h := w.Header()
			h.Set("Content-Type", "text/plain; charset=utf-8")
			h.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte("micro-dev: requests from another origin are not answered here\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether r carries no Origin or one of r's own host.
func sameOrigin(r *http.Request) bool {
	origins := r.Header.Values("Origin")
	if len(origins) == 0 {
		return true
	}
	if len(origins) > 1 {
		return false
	}
	u, err := url.Parse(origins[0])
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") {
		return false // "null" (a sandboxed page, a file) among them
	}
	switch u.Scheme {
	case "https":
	case "http":
		if r.TLS != nil {
			return false
		}
	default:
		return false
	}
	return strings.EqualFold(withoutDefaultPort(u.Host, u.Scheme), withoutDefaultPort(r.Host, u.Scheme))
}

// withoutDefaultPort drops the port a browser leaves out for scheme, so
// that Host "localhost:80" and Origin "http://localhost" compare equal.
func withoutDefaultPort(host, scheme string) string {
	port := ":80"
	if scheme == "https" {
		port = ":443"
	}
	host = strings.TrimSuffix(host, port)
	// A trailing dot is the same name (the Host check allows it too).
	if i := strings.LastIndexByte(host, ':'); i > 0 && host[i-1] == '.' && !strings.HasSuffix(host, "]") {
		host = host[:i-1] + host[i:]
	}
	return strings.TrimSuffix(host, ".")
}
