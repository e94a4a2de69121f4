package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The version micro-dev tells users to install is the one the repository
// pins, and tests with.
func TestDlvVersionIsThePinnedOne(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	mod, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/go-delve/delve (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("tools/go.mod does not require github.com/go-delve/delve")
	}
	if want := "github.com/go-delve/delve/cmd/dlv@" + string(m[1]); dlvModule != want {
		t.Fatalf("micro-dev says go install %s, tools/go.mod pins %s", dlvModule, want)
	}
}

func TestDebugListen(t *testing.T) {
	for _, tt := range []struct {
		in, addr string
		port     int
		bad      bool
	}{
		{in: "2345", addr: "127.0.0.1:2345", port: 2345},
		{in: "0.0.0.0:40000", addr: "0.0.0.0:40000", port: 40000},
		{in: "[::1]:2345", addr: "[::1]:2345", port: 2345},
		{in: "x", bad: true},
		{in: "70000", bad: true},
		{in: "localhost:", bad: true},
	} {
		addr, port, err := debugListen(tt.in)
		if tt.bad {
			if err == nil || !strings.Contains(err.Error(), "--debug-port") {
				t.Errorf("%q: %v, want an error naming --debug-port", tt.in, err)
			}
			continue
		}
		if err != nil || addr != tt.addr || port != tt.port {
			t.Errorf("%q: %q %d %v, want %q %d", tt.in, addr, port, err, tt.addr, tt.port)
		}
	}
}

func TestDlvArgs(t *testing.T) {
	got := dlvArgs("127.0.0.1:2345", "/b/app", []string{"-config", "dev.yml"})
	want := []string{"exec", "--headless", "--accept-multiclient", "--continue", "--api-version=2", "--listen=127.0.0.1:2345", "/b/app", "--", "-config", "dev.yml"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if got := dlvArgs("127.0.0.1:2345", "/b/app", nil); slices.Contains(got, "--") {
		t.Fatalf("no program arguments, yet %q", got)
	}
}
