package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRunArgs runs micro in-process for what is decided before any build:
// help, version, flag mistakes, bad endpoints, packages it cannot serve.
func TestRunArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // prefix
		stderr string // exact, or a prefix when it ends with "..."
	}{
		{name: "help", args: []string{"-h"}, stdout: "Usage:\n  micro [-l URI]..."},
		{name: "long help", args: []string{"--help"}, stdout: "Usage:"},
		{name: "build help", args: []string{"build", "--help"}, stdout: "Usage:"},
		{name: "version", args: []string{"-v"}, stdout: "micro 0.1.0 "},
		{name: "long version", args: []string{"--version"}, stdout: "micro 0.1.0 "},
		{name: "unknown flag", args: []string{"--nope"}, code: 2, stderr: "micro: unknown flag: --nope\n\nUsage:..."},
		{name: "unknown shorthand", args: []string{"-x", "."}, code: 2, stderr: "micro: unknown shorthand flag: 'x' in -x\n\nUsage:..."},
		{name: "build unknown flag", args: []string{"build", "-l", "3000"}, code: 2, stderr: "micro: unknown shorthand flag: 'l' in -l\n\nUsage:..."},
		{name: "two packages", args: []string{"a", "b"}, code: 2, stderr: "micro: micro serves one package, got 2: [a b]\n\nUsage:..."},
		{name: "zero timeout", args: []string{"--shutdown-timeout", "0s"}, code: 2, stderr: "micro: --shutdown-timeout must be positive, got 0s\n\nUsage:..."},
		{name: "bad scheme", args: []string{"-l", "foobar://x"}, code: 1, stderr: "micro: Unknown --listen endpoint scheme (protocol): foobar:\n"},
		{name: "bad scheme bare", args: []string{"-l", "foobar:"}, code: 1, stderr: "micro: Unknown --listen endpoint scheme (protocol): foobar:\n"},
		{name: "bad unix", args: []string{"--listen", "unix:"}, code: 1, stderr: "micro: Invalid UNIX domain socket endpoint: unix:\n"},
		{name: "no such package", args: []string{"-l", "127.0.0.1:0", "../../testdata/nope"}, code: 1, stderr: "micro: no such package ../../testdata/nope: directory ..."},
		{name: "no handler", args: []string{"-l", "127.0.0.1:0", "../../testdata/nohandler"}, code: 1, stderr: "micro: package nohandler (../../testdata/nohandler) exports no Handler (it has an unexported handler: rename it Handler): declare one, e.g. func Handler(w http.ResponseWriter, r *http.Request) (any, error)\n"},
		{name: "bad shape", args: []string{"-l", "127.0.0.1:0", "../../testdata/badshape"}, code: 1, stderr: "micro: package badshape (../../testdata/badshape): Handler is 42 (an integer), but micro serves a Handler that is a core.Func, a func(http.ResponseWriter, *http.Request) (any, error), an http.HandlerFunc, a func(http.ResponseWriter, *http.Request) or an http.Handler\n"},
		{name: "build no handler", args: []string{"build", "../../testdata/nohandler"}, code: 1, stderr: "micro: package nohandler (../../testdata/nohandler) exports no Handler..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.stdout) || (tt.stdout == "" && stdout.Len() > 0) {
				t.Errorf("stdout = %q, want it to start with %q", stdout.String(), tt.stdout)
			}
			if prefix, ok := strings.CutSuffix(tt.stderr, "..."); ok {
				if !strings.HasPrefix(stderr.String(), prefix) {
					t.Errorf("stderr = %q, want it to start with %q", stderr.String(), prefix)
				}
			} else if stderr.String() != tt.stderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.stderr)
			}
		})
	}
}
