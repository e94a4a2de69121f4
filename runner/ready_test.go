package runner

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// freeTCPAddr returns a loopback address nothing listens on right now.
func freeTCPAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestWaitReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		network string
		addr    func(t *testing.T) string
	}{
		{"tcp", "tcp", freeTCPAddr},
		{"unix", "unix", func(t *testing.T) string { return filepath.Join(t.TempDir(), "s") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.network == "unix" && runtime.GOOS == "windows" {
				t.Skip("no unix sockets")
			}
			addr := tt.addr(t)
			// The child listens only after a while: WaitReady must poll.
			p := startChild(t, Command{}, "listen", tt.network, addr, "300ms")
			if err := p.WaitReady(t.Context(), tt.network, addr); err != nil {
				t.Fatalf("WaitReady: %v\n%s", err, strings.Join(p.Tail(), "\n"))
			}
			conn, err := net.Dial(tt.network, addr)
			if err != nil {
				t.Fatalf("dial after WaitReady: %v", err)
			}
			conn.Close()
			if p.Exited() {
				t.Errorf("child exited: %s", p.Status().String())
			}
		})
	}
}

func TestWaitReadyExited(t *testing.T) {
	t.Parallel()
	addr := freeTCPAddr(t)
	p := startChild(t, Command{}, "exit", "3", "1")
	err := p.WaitReady(t.Context(), "tcp", addr)
	if !errors.Is(err, ErrExited) {
		t.Fatalf("WaitReady = %v, want an error wrapping ErrExited", err)
	}
	for _, want := range []string{"exit status 3", addr} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("WaitReady error %q does not say %q", err, want)
		}
	}
}

func TestWaitReadyContext(t *testing.T) {
	t.Parallel()
	addr := freeTCPAddr(t)
	p := startChild(t, Command{}, "sleep")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := p.WaitReady(ctx, "tcp", addr); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitReady with a cancelled context = %v, want context.Canceled", err)
	}
}
