package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		listen []string
		env    map[string]string
		want   []string
		err    string
	}{
		{name: "flags win", listen: []string{"tcp://127.0.0.1:1", "unix:/tmp/a.sock"}, env: map[string]string{"MICRO_LISTEN": "tcp://x:2", "PORT": "3"}, want: []string{"tcp://127.0.0.1:1", "unix:/tmp/a.sock"}},
		{name: "MICRO_LISTEN", env: map[string]string{"MICRO_LISTEN": " tcp://127.0.0.1:1, ,unix:/tmp/a.sock", "PORT": "3"}, want: []string{"tcp://127.0.0.1:1", "unix:/tmp/a.sock"}},
		{name: "PORT", env: map[string]string{"PORT": "8080"}, want: []string{"tcp://0.0.0.0:8080"}},
		{name: "default", want: []string{"tcp://0.0.0.0:3000"}},
		{name: "unknown scheme", listen: []string{"foobar://x"}, err: "Unknown --listen endpoint scheme (protocol): foobar:"},
		{name: "bad unix", listen: []string{"unix:"}, err: "Invalid UNIX domain socket endpoint: unix:"},
		{name: "bad MICRO_LISTEN", env: map[string]string{"MICRO_LISTEN": "foobar:"}, err: "Unknown --listen endpoint scheme (protocol): foobar:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := endpoints(tt.listen, func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("endpoints = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestChildEnv(t *testing.T) {
	t.Parallel()
	base := []string{"HOME=/h", "PORT=9999", "MICRO_ENV=development", "MICRO_LISTEN=old", "MICRO_SHUTDOWN_TIMEOUT=1s", "PORTABLE=yes"}
	tests := []struct {
		name string
		eps  []string
		want []string
	}{
		{"one tcp port", []string{"tcp://127.0.0.1:8080"}, []string{"HOME=/h", "PORTABLE=yes", "MICRO_LISTEN=tcp://127.0.0.1:8080", "MICRO_SHUTDOWN_TIMEOUT=10s", "PORT=8080"}},
		{"bare port", []string{"4000"}, []string{"HOME=/h", "PORTABLE=yes", "MICRO_LISTEN=4000", "MICRO_SHUTDOWN_TIMEOUT=10s", "PORT=4000"}},
		{"unix", []string{"unix:/tmp/a.sock"}, []string{"HOME=/h", "PORTABLE=yes", "MICRO_LISTEN=unix:/tmp/a.sock", "MICRO_SHUTDOWN_TIMEOUT=10s"}},
		{"several", []string{"tcp://127.0.0.1:1", "tcp://127.0.0.1:2"}, []string{"HOME=/h", "PORTABLE=yes", "MICRO_LISTEN=tcp://127.0.0.1:1,tcp://127.0.0.1:2", "MICRO_SHUTDOWN_TIMEOUT=10s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := childEnv(base, tt.eps, 10*time.Second)
			if !slices.Equal(got, tt.want) {
				t.Errorf("childEnv =\n %s\nwant\n %s", strings.Join(got, "\n "), strings.Join(tt.want, "\n "))
			}
		})
	}
}
