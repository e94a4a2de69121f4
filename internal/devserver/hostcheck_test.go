package devserver

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestHostsAllowed(t *testing.T) {
	t.Parallel()
	h, err := NewHosts("devbox.lan", []string{"My.Tunnel.example", "api.test:8080", ".ngrok.example"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		host string
		want bool
	}{
		{"localhost", true},
		{"localhost:3000", true},
		{"LOCALHOST:3000", true},
		{"localhost.:3000", true},
		{"app.localhost", true},
		{"a.b.localhost:3000", true},
		{"127.0.0.1", true},
		{"127.0.0.1:3000", true},
		{"192.168.1.20:3000", true},
		{"[::1]", true},
		{"[::1]:3000", true},
		{"[fe80::1%25eth0]:3000", true},
		{"devbox.lan:3000", true},   // --host
		{"DEVBOX.LAN.", true},       // case and trailing dot
		{"my.tunnel.example", true}, // --allow-host
		{"api.test:3000", true},     // the port of a value does not matter
		{"ngrok.example", true},     // .name: the name
		{"x.ngrok.example", true},   // and the names under it
		{"evil.example", false},
		{"evil.example:3000", false},
		{"localhost.evil.example", false},
		{"evillocalhost", false},
		{"127.0.0.1.evil.example", false},
		{"tunnel.example", false},
		{"xngrok.example", false},
		{"2130706433", false}, // not an address the browser would send
		{"", false},
		{"[::1", false},
		{"localhost:abc", false},
		{"[evil.example]:3000", false},
	} {
		if got := h.Allowed(tt.host); got != tt.want {
			t.Errorf("Allowed(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestNewHostsRefusesWhatIsNotAName(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", ".", "http://example.com", "example.com/x", "*.example.com", "exa mple.com"} {
		if _, err := NewHosts("localhost", []string{bad}); err == nil || !strings.Contains(err.Error(), "--allow-host") {
			t.Errorf("--allow-host %q: error %v, want one naming --allow-host", bad, err)
		}
	}
}

func TestHostCheckAnswers403NamingTheFlag(t *testing.T) {
	t.Parallel()
	h, _ := NewHosts("localhost", nil)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("source code")) })
	for _, tt := range []struct{ host, want string }{
		{"evil.example:3000", `micro-dev: Host "evil.example:3000" is not allowed; to allow it, run micro-dev --allow-host evil.example` + "\n"},
		{"a;rm -rf ~", `micro-dev: Host "a;rm -rf ~" is not allowed; allow a name with micro-dev --allow-host NAME` + "\n"},
		{"", "micro-dev: a request without a Host header is not answered (DNS rebinding protection)\n"},
	} {
		r := httptest.NewRequest("GET", "/err", nil)
		r.Host = tt.host
		r.Header.Set("Accept", "text/html")
		w := httptest.NewRecorder()
		h.Check(next).ServeHTTP(w, r)
		if w.Code != 403 || w.Body.String() != tt.want || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("Host %q: %d %q %q, want 403 %q", tt.host, w.Code, w.Header().Get("Content-Type"), w.Body.String(), tt.want)
		}
	}
	r := httptest.NewRequest("GET", "/err", nil)
	r.Host = "localhost:3000"
	w := httptest.NewRecorder()
	h.Check(next).ServeHTTP(w, r)
	if w.Code != 200 || w.Body.String() != "source code" {
		t.Errorf("localhost: %d %q, want the handler's answer", w.Code, w.Body.String())
	}
}

// FuzzHostsAllowed holds Allowed to an independent reading of the rule:
// whatever it lets through is loopback by name, an IP address or a name
// given, and case, a trailing dot and a port change nothing.
func FuzzHostsAllowed(f *testing.F) {
	for _, s := range []string{"localhost:3000", "evil.example", "[::1]:80", "127.0.0.1", "a.localhost.", "x.ngrok.example", "[", "::1", ":3000", "allowed.test"} {
		f.Add(s)
	}
	h, err := NewHosts("localhost", []string{"allowed.test", ".ngrok.example"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, host string) {
		got := h.Allowed(host)
		if got != h.Allowed(strings.ToUpper(host)) && strings.ToUpper(host) != host && !strings.ContainsAny(host, "ıſK") {
			t.Errorf("Allowed(%q) changes with case", host)
		}
		if !got {
			return
		}
		name := strings.ToLower(host)
		if i := strings.LastIndex(name, "]"); strings.HasPrefix(name, "[") && i > 0 {
			name = name[1:i]
		} else if strings.Count(name, ":") == 1 {
			name = name[:strings.IndexByte(name, ':')]
		}
		name = strings.TrimSuffix(name, ".")
		_, ipErr := netip.ParseAddr(name)
		ok := name == "localhost" || strings.HasSuffix(name, ".localhost") || ipErr == nil ||
			name == "allowed.test" || name == "ngrok.example" || strings.HasSuffix(name, ".ngrok.example")
		if !ok {
			t.Errorf("Allowed(%q) = true for %q, which is no loopback name, address or allowed name", host, name)
		}
		if !strings.Contains(host, ":") && !h.Allowed(host+":3000") {
			t.Errorf("Allowed(%q) but not with a port", host)
		}
	})
}
