package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

func TestBanner(t *testing.T) {
	t.Parallel()
	target := &runner.Target{Dir: "/src/app/api", ImportPath: "example.com/app/api"}
	tests := []struct {
		host    string
		local   string
		network bool
	}{
		{"localhost", "http://localhost:3000", false},
		{"127.0.0.1", "http://127.0.0.1:3000", false},
		{"0.0.0.0", "http://localhost:3000", true},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		u := newUI(&out, &out, "/src/app", false)
		u.banner(tt.host, 3000, target, 12)
		got := out.String()
		if !strings.Contains(got, "Local:    "+tt.local+"\n") {
			t.Errorf("host %s: no local URL %s in\n%s", tt.host, tt.local, got)
		}
		if want := tt.network && networkIP() != ""; strings.Contains(got, "Network:") != want {
			t.Errorf("host %s: network URL shown = %v, want %v:\n%s", tt.host, !want, want, got)
		}
		if ip := networkIP(); tt.network && ip != "" && !strings.Contains(got, "http://"+ip+":3000") {
			t.Errorf("host %s: network URL should name %s:\n%s", tt.host, ip, got)
		}
		if !strings.Contains(got, "Serving:  api (handler example.com/app/api)") || !strings.Contains(got, "Watching: 12 files") {
			t.Errorf("host %s: banner lacks what it serves and watches:\n%s", tt.host, got)
		}
		if strings.Contains(got, "\x1b[") {
			t.Errorf("colour codes off a terminal:\n%q", got)
		}
	}
}

// The first build served is "ready", even when a save cut an earlier one
// short and so it has changed files; the next ones are "reloaded".
func TestServedSaysReadyFirst(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	u := newUI(&out, &out, "/src/app", false)
	u.Building(nil)
	u.Building([]string{"/src/app/app.go"}) // the first build, cut short
	u.Served([]string{"/src/app/app.go"}, 400*time.Millisecond, 5*time.Millisecond)
	u.Building([]string{"/src/app/app.go"})
	u.Served([]string{"/src/app/app.go"}, 300*time.Millisecond, 4*time.Millisecond)
	got := out.String()
	want := "↻ app.go changed\n✓ ready (built in 400ms, started in 5ms)\n↻ app.go changed\n✓ reloaded (built in 300ms, started in 4ms)\n"
	if got != want {
		t.Errorf("terminal:\n%q\nwant\n%q", got, want)
	}
}
