package core

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// defaultPort is micro's.
const defaultPort = "3000"

// ParseEndpoint turns a --listen endpoint into the network and address to
// listen on:
//
//	tcp://host:port          "tcp", "host:port"
//	tcp://host               "tcp", "host:3000"
//	unix:/path/to.sock       "unix", "/path/to.sock" (also unix:///path/to.sock)
//	pipe:\\.\pipe\name       "pipe", `\\.\pipe\name` (Windows named pipes)
//	3000, :3000, host:port   "tcp", as for tcp://
//
// The errors are micro's, word for word:
// "Unknown --listen endpoint scheme (protocol): foobar:",
// "Invalid UNIX domain socket endpoint: unix:" and
// "Invalid Windows named pipe endpoint: pipe:…".
func ParseEndpoint(s string) (network, address string, err error) {
	if isPort(s) {
		return "tcp", ":" + s, nil
	}
	scheme, rest, hasScheme := splitScheme(s)
	if !hasScheme {
		// host:port, :port and [v6]:port, a convenience micro lacks.
		if _, port, err := net.SplitHostPort(s); err == nil && isPort(port) {
			return "tcp", s, nil
		}
		return "", "", invalidEndpoint(s)
	}
	switch scheme {
	case "tcp":
		return parseTCP(s, rest)
	case "unix":
		return parseUnix(s, rest)
	case "pipe":
		const prefix = `\\.\pipe\`
		if len(rest) <= len(prefix) || !strings.EqualFold(rest[:len(prefix)], prefix) {
			//lint:ignore ST1005 the message is micro's, fixed by the SPEC
			return "", "", fmt.Errorf("Invalid Windows named pipe endpoint: %s", s)
		}
		return "pipe", rest, nil
	}
	//lint:ignore ST1005 the message is micro's, fixed by the SPEC
	return "", "", fmt.Errorf("Unknown --listen endpoint scheme (protocol): %s:", scheme)
}

// splitScheme splits "scheme:rest" when s starts with a URL scheme. A
// host:port is not one: what follows its colon is a port.
func splitScheme(s string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || !isScheme(s[:i]) {
		return "", "", false
	}
	rest = s[i+1:]
	if !strings.HasPrefix(rest, "//") && isPort(rest) {
		return "", "", false
	}
	return strings.ToLower(s[:i]), rest, true
}

// isScheme reports whether s is a URL scheme (RFC 3986): a letter, then
// letters, digits, '+', '-' or '.'.
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // lower case, for letters
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= s[i] && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.'):
		default:
			return false
		}
	}
	return true
}

// isPort reports whether s is a TCP port number, 0 to 65535.
func isPort(s string) bool {
	if !digits(s) || len(s) > 5 {
		return false
	}
	n, err := strconv.Atoi(s)
	return err == nil && n <= 65535
}

func parseTCP(s, rest string) (string, string, error) {
	hostport, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return "", "", invalidEndpoint(s)
	}
	hostport = strings.TrimSuffix(hostport, "/")
	if strings.ContainsAny(hostport, "/?#@") {
		return "", "", invalidEndpoint(s)
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the whole is the host, a bracketed IPv6 address or a name.
		host, port = hostport, defaultPort
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
		if strings.ContainsAny(host, "[]") || strings.Contains(host, ":") && net.ParseIP(host) == nil {
			return "", "", invalidEndpoint(s)
		}
	}
	if !isPort(port) {
		return "", "", invalidEndpoint(s)
	}
	return "tcp", net.JoinHostPort(host, port), nil
}

func parseUnix(s, rest string) (string, string, error) {
	path := rest
	if after, ok := strings.CutPrefix(rest, "//"); ok {
		// unix:///path, or unix://host/path with the host ignored, as a URL
		// parser reads them.
		i := strings.IndexByte(after, '/')
		if i < 0 {
			path = ""
		} else {
			path = after[i:]
		}
	}
	if path == "" || strings.IndexByte(path, 0) >= 0 {
		//lint:ignore ST1005 the message is micro's, fixed by the SPEC
		return "", "", fmt.Errorf("Invalid UNIX domain socket endpoint: %s", s)
	}
	return "unix", path, nil
}

func invalidEndpoint(s string) error {
	return fmt.Errorf("invalid --listen endpoint %q: %w", s, errEndpointForms)
}

var errEndpointForms = errors.New(`use tcp://host:port, host:port, a port, unix:/path/to.sock or pipe:\\.\pipe\name`)
