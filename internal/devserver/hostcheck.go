package devserver

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Hosts is the set of Host names micro-dev answers, against DNS
// rebinding: a page on evil.example whose name is made to resolve to
// 127.0.0.1 reaches micro-dev from the browser as same-origin, and could
// read its error pages (source lines, paths, request headers). Such a
// request still carries Host: evil.example, so only names that cannot be
// rebound, or that the developer named, are answered, as Vite's and
// webpack-dev-server's allowedHosts do: localhost and *.localhost (which
// browsers resolve to loopback themselves), any IP address, the --host
// name and each --allow-host value. A value with a leading dot
// (.example.com) allows that name and every name under it.
type Hosts struct {
	names    map[string]bool
	suffixes []string // ".example.com"
}

// NewHosts returns the hosts allowed besides localhost and IP addresses:
// listen, the name micro-dev listens on, and each of allow. Names are
// compared without case, a trailing dot or a port.
func NewHosts(listen string, allow []string) (*Hosts, error) {
	h := &Hosts{names: map[string]bool{}}
	if name, ok := normalHost(listen); ok && name != "" {
		h.names[name] = true
	}
	for _, a := range allow {
		sub := strings.HasPrefix(a, ".")
		name, ok := normalHost(strings.TrimPrefix(a, "."))
		if !ok || name == "" || !plainName(name) {
			return nil, fmt.Errorf("--allow-host %q: give a host name such as example.com, or .example.com for it and the names under it", a)
		}
		if sub {
			h.suffixes = append(h.suffixes, "."+name)
		}
		h.names[name] = true
	}
	return h, nil
}

// Allowed reports whether a request with this Host header is answered.
func (h *Hosts) Allowed(host string) bool {
	name, ok := normalHost(host)
	if !ok || name == "" {
		return false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	if h == nil {
		return false
	}
	if h.names[name] {
		return true
	}
	for _, s := range h.suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// Check is the middleware that refuses, with 403 and one line naming
// --allow-host, every request whose Host is not allowed: pages, the
// proxied program and the live-reload stream alike.
func (h *Hosts) Check(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.Allowed(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		hdr := w.Header()
		hdr.Set("Content-Type", "text/plain; charset=utf-8")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprintln(w, refusal(r.Host))
	})
}

// refusal is the one line a refused request gets. The command it suggests
// is only given for a name that is safe to paste into a shell.
func refusal(host string) string {
	if host == "" {
		return "micro-dev: a request without a Host header is not answered (DNS rebinding protection)"
	}
	name, ok := normalHost(host)
	if !ok || !plainName(name) {
		return fmt.Sprintf("micro-dev: Host %q is not allowed; allow a name with micro-dev --allow-host NAME", host)
	}
	return fmt.Sprintf("micro-dev: Host %q is not allowed; to allow it, run micro-dev --allow-host %s", host, name)
}

// normalHost is host without its port, brackets, case or trailing dot.
// ok is false for a Host that does not parse.
func normalHost(host string) (name string, ok bool) {
	if h, port, err := net.SplitHostPort(host); err == nil {
		if strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		host = h
	} else if strings.HasPrefix(host, "[") {
		if !strings.HasSuffix(host, "]") {
			return "", false
		}
		host = host[1 : len(host)-1]
	} else if strings.Count(host, ":") == 1 {
		return "", false // name: with a bad port
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host, !strings.ContainsAny(host, "[]/ \t")
}

// plainName reports whether name holds only what a DNS name may.
func plainName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '.', c == '_':
		default:
			return false
		}
	}
	return true
}
