package errpage

import "strings"

// mask stands for a hidden value. It has a fixed length, so that it tells
// nothing of the value's.
const mask = "••••••"

// secretWords are the parts of a header name that mark its value secret,
// compared lower-case with '_' read as '-'.
var secretWords = []string{"token", "secret", "password", "passwd", "api-key", "apikey", "auth", "session", "credential"}

// SecretHeader reports whether the value of the header name is a secret
// that error pages, their text and JSON forms and the copied text mask:
// Authorization, Proxy-Authorization, Cookie, Set-Cookie, and any name
// holding token, secret, password, api-key (or api_key, apikey), auth,
// session or credential, in any case. A pasted error then cannot leak a
// bearer token or a session cookie. Query parameters with such names are
// masked too.
func SecretHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "_", "-")
	switch n {
	case "cookie", "set-cookie":
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// maskValue is what is shown of the value of a secret header. It keeps what
// helps to debug and is not secret: the scheme of an authorization
// ("Bearer ••••••") and the names of cookies ("session=••••••; theme=••••••").
func maskValue(name, value string) string {
	switch n := strings.ToLower(strings.TrimSpace(name)); n {
	case "cookie":
		parts := strings.Split(value, ";")
		for i, p := range parts {
			parts[i] = maskCookie(p)
		}
		return strings.Join(parts, ";")
	case "set-cookie":
		first, attrs, found := strings.Cut(value, ";")
		if found {
			return maskCookie(first) + ";" + attrs
		}
		return maskCookie(first)
	case "authorization", "proxy-authorization":
		scheme, _, found := strings.Cut(strings.TrimSpace(value), " ")
		if found && scheme != "" && isToken(scheme) {
			return scheme + " " + mask
		}
	}
	return mask
}

// maskCookie masks one "name=value" pair, keeping its name and spacing.
func maskCookie(pair string) string {
	name, _, found := strings.Cut(pair, "=")
	if !found || !isToken(strings.TrimSpace(name)) {
		return mask
	}
	return name + "=" + mask
}

// isToken reports whether s is a plausible HTTP token (a scheme or a cookie
// name): short, letters, digits and a few marks. Anything else might be
// the secret itself and is masked whole.
func isToken(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.!#$%&'*+^`|~", r)
		if !ok {
			return false
		}
	}
	return true
}
