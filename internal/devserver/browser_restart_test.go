//go:build unix

package devserver

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// In Chromium, the crash page's Restart button starts the program again
// and the page, through the live reload, becomes the program's answer.
func TestBrowserRestartButton(t *testing.T) {
	chrome, err := browser.Find()
	if errors.Is(err, browser.ErrNotFound) {
		t.Skip("chromium is not on PATH; CI installs it")
	}
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	h := newHarness(t, nil)
	h.serving(1).end("exit status 2")
	h.event("crashed")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := browser.Open(ctx, chrome, h.url+"/", browser.Options{Width: 1000, Height: 800})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Shown by the page's script, once the live reload is connected.
	ready := `(function () {
		var b = document.getElementById('micro-restart'), live = document.getElementById('micro-live');
		return !!b && !b.hidden && b.textContent === 'Restart' && !!live && live.classList.contains('on');
	})()`
	if err := s.Wait(ctx, ready); err != nil {
		t.Fatalf("no Restart button on the crash page: %v\nconsole: %q", err, s.Console())
	}
	if err := s.Eval(ctx, "document.getElementById('micro-restart').click(); true", nil); err != nil {
		t.Fatal(err)
	}
	h.nextChild(1) // the same executable, no build
	if err := s.Wait(ctx, "document.body && document.body.innerText.trim() === 'gen 1'"); err != nil {
		t.Fatalf("the page did not become the restarted program's: %v\nconsole: %q", err, s.Console())
	}
}
