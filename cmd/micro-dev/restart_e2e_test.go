//go:build unix

package main

import (
	"net/http"
	"strings"
	"testing"
)

// A program that crashed while serving starts again from the crash page's
// Restart (a same-origin POST), without a build.
func TestRestartAfterCrash(t *testing.T) {
	t.Parallel()
	d := startDev(t, newApp(t, map[string]string{"main.go": ttyApp}))
	waitBody(t, d.url+"/", "ok")
	get(t, d.url+"/crash", "")
	d.waitLine(t, func(l string) bool { return strings.Contains(l, "exit status 3") })
	if page := get(t, d.url+"/", "text/html"); !strings.Contains(page.body, `id="micro-restart"`) {
		t.Fatalf("the crash page offers no restart:\n%s", page.body)
	}
	builds := d.count("built in")
	req, err := http.NewRequest("POST", d.url+"/__micro/restart", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", d.url)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("restart: %d, want 202", resp.StatusCode)
	}
	// Requests wait for the restart: the first one is served.
	if r := get(t, d.url+"/", ""); r.body != "ok" {
		t.Fatalf("after the restart: %d %q", r.status, r.body)
	}
	d.waitLine(t, func(l string) bool { return strings.Contains(l, "✓ restarted (no build") })
	if d.count("restarting the program") != 1 || d.count("built in") != builds {
		t.Errorf("micro-dev said:\n%s", d.output())
	}
}
