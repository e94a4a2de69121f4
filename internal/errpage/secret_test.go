package errpage

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSecretHeader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		secret bool
	}{
		{"Authorization", true},
		{"authorization", true},
		{"Proxy-Authorization", true},
		{"Cookie", true},
		{"Set-Cookie", true},
		{"X-Auth-Token", true},
		{"X-CSRF-TOKEN", true},
		{"X-Client-Secret", true},
		{"X-Password", true},
		{"X-Api-Key", true},
		{"api_key", true},
		{"X-APIKEY", true},
		{"X-Session-Id", true},
		{"Accept", false},
		{"Content-Type", false},
		{"User-Agent", false},
		{"X-Forwarded-For", false},
		{"Cookies-Policy-Version", false},
		{"", false},
	} {
		if got := SecretHeader(tc.name); got != tc.secret {
			t.Errorf("SecretHeader(%q) = %v, want %v", tc.name, got, tc.secret)
		}
	}
}

func TestMaskValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, value, want string }{
		{"Authorization", "Bearer eyJhbGci.x.y", "Bearer " + mask},
		{"Authorization", "eyJhbGci.x.y", mask},
		{"Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic " + mask},
		{"Cookie", "session=4f9c2a; theme=dark", "session=" + mask + "; theme=" + mask},
		{"Cookie", "justsecret", mask},
		{"Set-Cookie", "sid=abc; Path=/; HttpOnly", "sid=" + mask + "; Path=/; HttpOnly"},
		{"X-Api-Key", "k-123", mask},
	} {
		if got := maskValue(tc.name, tc.value); got != tc.want {
			t.Errorf("maskValue(%q, %q) = %q, want %q", tc.name, tc.value, got, tc.want)
		}
	}
}

// FuzzSecretHeader checks that the predicate ignores case and spacing, and
// that what a secret header's value shows never holds the value's secret
// part: text, JSON and the copy text all carry the masked form.
func FuzzSecretHeader(f *testing.F) {
	for _, s := range []string{"Authorization", "x-api_key", "Cookie", "Accept", "X-TOKEN", "\xff"} {
		f.Add(s, "s3cr3t-value")
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		got := SecretHeader(name)
		if SecretHeader(strings.ToUpper(name)) != got || SecretHeader(strings.ToLower(name)) != got || SecretHeader(" "+name+" ") != got {
			t.Fatalf("SecretHeader(%q) depends on case or spacing", name)
		}
		for _, w := range []string{"token", "secret", "password", "api-key", "api_key", "apikey"} {
			if strings.Contains(strings.ToLower(name), w) && !got {
				t.Fatalf("SecretHeader(%q) = false, but it holds %q", name, w)
			}
		}
		if !got || !isToken(name) || len(value) < 12 || strings.ContainsAny(value, ";= \t") {
			return
		}
		p := &Page{Request: &Request{Method: "GET", URL: "/", Header: http.Header{name: {value}}}}
		text := p.Text()
		js, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		cv := clean(value)
		if strings.Contains(text, cv) || strings.Contains(string(js), cv) {
			t.Fatalf("the value of %s leaks: %q", name, value)
		}
		if !utf8.Valid(js) || !json.Valid(js) {
			t.Fatal("JSON is not valid")
		}
	})
}

// TestSecretsOnThePage checks every form of a page: the value is in the
// HTML once, hidden behind the click that reveals it, and nowhere else.
func TestSecretsOnThePage(t *testing.T) {
	t.Parallel()
	const token = "eyJhbGciOiJIUzI1NiJ9-secret-token"
	p := &Page{Status: 500, Message: "boom", Request: &Request{Method: "GET", URL: "/", Header: http.Header{
		"Authorization": {"Bearer " + token},
		"X-Api-Key":     {"key-" + token},
		"Accept":        {"text/html"},
	}}}
	html := render(t, p)
	if n := strings.Count(html, token); n != 2 {
		t.Errorf("the HTML holds the secrets %d times, want once each (behind the reveal)", n)
	}
	if !strings.Contains(html, `<span class="val" hidden>Bearer `+token+`</span>`) {
		t.Error("the revealed value is not hidden until the click")
	}
	_, copied, _ := strings.Cut(html, `id="micro-text"`)
	copied, _, _ = strings.Cut(copied, "</textarea>")
	if strings.Contains(copied, token) || !strings.Contains(copied, "Authorization: Bearer "+mask) {
		t.Errorf("the copy text does not mask the secrets:\n%s", copied)
	}
	js, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), token) || strings.Contains(p.Text(), token) {
		t.Error("the JSON or text form shows a secret")
	}
	if !strings.Contains(p.Text(), "Accept: text/html") {
		t.Error("a header that is not secret is masked")
	}
}
