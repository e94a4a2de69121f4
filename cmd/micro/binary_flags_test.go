//go:build unix

package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestBinaryFlags builds testdata/hello with micro build and checks that
// the binary takes micro's flags: -l/--listen, --shutdown-timeout, -h, -v.
func TestBinaryFlags(t *testing.T) {
	t.Parallel()
	untouched(t, "testdata/hello")
	bin := filepath.Join(t.TempDir(), "hello")
	r := startMicro(t, moduleRoot(t), nil, "build", "-o", bin, "./testdata/hello")
	if code := r.wait(t); code != 0 {
		t.Fatalf("micro build: exit status %d; stderr:\n%s", code, r.stderr)
	}

	t.Run("exits", func(t *testing.T) {
		t.Parallel()
		tests := []struct {
			name           string
			args           []string
			code           int
			stdout, stderr string // a line each must hold ("" : empty)
		}{
			{"-h", []string{"-h"}, 0, "  -l, --listen URI", ""},
			{"--help", []string{"--help"}, 0, "  hello [-l URI]... [--shutdown-timeout D]", ""},
			{"-v", []string{"-v"}, 0, "github.com/seed-1b2dc2de/micro/testdata/hello.Handler, built by micro with go1.", ""},
			{"-v=false -h", []string{"-version=false", "-h"}, 0, "Usage:", ""},
			{"--", []string{"--", "x"}, 2, "", `micro: unexpected argument "x"`},
			{"-l without value", []string{"-l"}, 2, "", "micro: flag needs an argument: -l"},
			{"---x", []string{"---x"}, 2, "", "micro: bad flag syntax: ---x"},
			{"--version", []string{"--version"}, 0, " with go1.", ""},
			{"unknown flag", []string{"--bogus"}, 2, "", "micro: flag provided but not defined: -bogus"},
			{"unknown short flag", []string{"-x"}, 2, "", "micro: flag provided but not defined: -x"},
			{"argument", []string{"./api"}, 2, "", `micro: unexpected argument "./api"`},
			{"zero timeout", []string{"--shutdown-timeout", "0s"}, 2, "", "micro: --shutdown-timeout must be positive, got 0s"},
			{"bad timeout", []string{"--shutdown-timeout=soon"}, 2, "", `micro: invalid value "soon" for flag -shutdown-timeout: parse error`},
			{"bad scheme", []string{"-l", "foobar://x"}, 1, "", "micro: Unknown --listen endpoint scheme (protocol): foobar:"},
			{"bad unix", []string{"--listen", "unix:"}, 1, "", "micro: Invalid UNIX domain socket endpoint: unix:"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := startBinaryArgs(t, bin, tt.args)
				if code := p.wait(t); code != tt.code {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, p.stderr)
				}
				for _, s := range []struct{ name, got, want string }{
					{"stdout", p.stdout.String(), tt.stdout},
					{"stderr", p.stderr.String(), tt.stderr},
				} {
					if s.want == "" && s.got != "" || !strings.Contains(s.got, s.want) {
						t.Errorf("%s = %q, want it to hold %q", s.name, s.got, s.want)
					}
				}
				if tt.code == 2 && !strings.Contains(p.stderr.String(), "\nUsage:\n") {
					t.Errorf("stderr lacks the usage:\n%s", p.stderr)
				}
			})
		}
	})

	t.Run("listen", func(t *testing.T) {
		t.Parallel()
		// A short directory: unix socket paths are limited to ~100 bytes.
		dir, err := os.MkdirTemp("", "mu")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		sock := filepath.Join(dir, "h.sock")
		// The flags win over the environment, as in micro.
		p := startBinaryArgs(t, bin, []string{"-l", "tcp://127.0.0.1:0", "--listen", "unix:" + sock, "--shutdown-timeout", "2s"},
			"PORT=1", "MICRO_LISTEN=tcp://127.0.0.1:1")
		url := p.stderr.wait(t, regexp.MustCompile(`^micro: Accepting connections on (http://127\.0\.0\.1:\d+)$`), p.exited)[1]
		p.stderr.wait(t, regexp.MustCompile(`^micro: Accepting connections on unix:`+regexp.QuoteMeta(sock)+`$`), p.exited)
		if status, body := get(t, nil, url); status != 200 || body != "Welcome to Micro" {
			t.Errorf("GET %s = %d %q", url, status, body)
		}
		unix := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}}}
		if status, body := get(t, unix, "http://unix/"); status != 200 || body != "Welcome to Micro" {
			t.Errorf("GET over %s = %d %q", sock, status, body)
		}
		stopped(t, p, syscall.SIGTERM)
	})
}
