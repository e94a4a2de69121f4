package core_test

import (
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, network, address string
	}{
		// micro's test/suite/parse-endpoint.ts
		{"tcp://my-host-name.foo.bar:12345", "tcp", "my-host-name.foo.bar:12345"},
		{"tcp://0.0.0.0:8080", "tcp", "0.0.0.0:8080"},
		{"tcp://1.2.3.4", "tcp", "1.2.3.4:3000"},
		{"unix:/foo/bar.sock", "unix", "/foo/bar.sock"},
		{"unix:///foo/bar.sock", "unix", "/foo/bar.sock"},
		{`pipe:\\.\pipe\some-name`, "pipe", `\\.\pipe\some-name`},
		// beyond micro
		{"TCP://localhost:80", "tcp", "localhost:80"},
		{"tcp://localhost:0", "tcp", "localhost:0"},
		{"tcp://[::1]:8080", "tcp", "[::1]:8080"},
		{"tcp://[::1]", "tcp", "[::1]:3000"},
		{"tcp://::1", "tcp", "[::1]:3000"},
		{"tcp://host:9/", "tcp", "host:9"},
		{"tcp://", "tcp", ":3000"},
		{"unix:relative.sock", "unix", "relative.sock"},
		{"unix://localhost/tmp/a.sock", "unix", "/tmp/a.sock"},
		{"unix:@abstract", "unix", "@abstract"},
		{`PIPE:\\.\PIPE\x`, "pipe", `\\.\PIPE\x`},
		{"3000", "tcp", ":3000"},
		{"0", "tcp", ":0"},
		{":3000", "tcp", ":3000"},
		{"localhost:3000", "tcp", "localhost:3000"},
		{"127.0.0.1:8080", "tcp", "127.0.0.1:8080"},
		{"[::1]:3000", "tcp", "[::1]:3000"},
	}
	for _, tt := range tests {
		network, address, err := core.ParseEndpoint(tt.in)
		if err != nil || network != tt.network || address != tt.address {
			t.Errorf("ParseEndpoint(%q) = %q, %q, %v; want %q, %q", tt.in, network, address, err, tt.network, tt.address)
		}
	}
}

func TestParseEndpointErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// micro's messages, word for word
		{"foobar://blah", "Unknown --listen endpoint scheme (protocol): foobar:"},
		{"foobar:", "Unknown --listen endpoint scheme (protocol): foobar:"},
		{"FooBar://x", "Unknown --listen endpoint scheme (protocol): foobar:"},
		{"http://localhost:3000", "Unknown --listen endpoint scheme (protocol): http:"},
		{"pipe:lolsickbro", `Invalid Windows named pipe endpoint: pipe:lolsickbro`},
		{"pipe://./pipe/lol", `Invalid Windows named pipe endpoint: pipe://./pipe/lol`},
		{`pipe:\\.\pipe\`, `Invalid Windows named pipe endpoint: pipe:\\.\pipe\`},
		{"unix:", "Invalid UNIX domain socket endpoint: unix:"},
		{"unix://", "Invalid UNIX domain socket endpoint: unix://"},
		{"unix://host", "Invalid UNIX domain socket endpoint: unix://host"},
	}
	for _, tt := range tests {
		if _, _, err := core.ParseEndpoint(tt.in); err == nil || err.Error() != tt.want {
			t.Errorf("ParseEndpoint(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
	for _, bad := range []string{
		"", "localhost", "65536", "99999", ":65536", "host:port", "tcp:host:80", "tcp://host:http",
		"tcp://host:-1", "tcp://a/b", "tcp://user@host:1", "tcp://[::1", "tcp://a:b:c", "::1", "-1",
	} {
		if network, address, err := core.ParseEndpoint(bad); err == nil {
			t.Errorf("ParseEndpoint(%q) = %q, %q; want an error", bad, network, address)
		}
	}
}
