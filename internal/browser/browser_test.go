package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// find returns the browser, or skips the test.
func find(t *testing.T) string {
	t.Helper()
	path, err := Find()
	if errors.Is(err, ErrNotFound) {
		t.Skip("chromium is not on PATH; CI installs it")
	}
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	return path
}

func TestConsoleLines(t *testing.T) {
	t.Parallel()
	log := `[1:1:1125/091231.153967:INFO:CONSOLE:1] "logged", source: http://x/ (1)
[1:1:1125/091231.2:WARNING:other.cc(12)] not a console line
[1:1:1125/091231.3:ERROR:CONSOLE(3)] "Uncaught ReferenceError: f is not defined", source: http://x/ (3)
`
	got := ConsoleLines(log)
	want := []string{`"logged", source: http://x/ (1)`, `"Uncaught ReferenceError: f is not defined", source: http://x/ (3)`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ConsoleLines = %q, want %q", got, want)
	}
	if got := ConsoleLines(""); got != nil {
		t.Errorf("ConsoleLines of an empty log = %q", got)
	}
}

// TestLoad loads a page whose script changes the DOM and throws: the
// DOM is the one after the script, the screenshot has the window's size,
// and the exception is in the console.
func TestLoad(t *testing.T) {
	t.Parallel()
	browser := find(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>t</title><p id="p">before</p>`+
			`<script>document.getElementById("p").textContent = "after"; undefinedFunction();</script>`)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	file := filepath.Join(t.TempDir(), "shot.png")
	res, err := Load(ctx, browser, srv.URL, Options{Width: 640, Height: 480, Screenshot: file, DOM: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.DOM, `<p id="p">after</p>`) {
		t.Errorf("DOM is not the one after the script ran:\n%s", res.DOM)
	}
	if !strings.Contains(strings.Join(res.Console, "\n"), "undefinedFunction") {
		t.Errorf("the script error is not in the console: %q", res.Console)
	}
}

// TestSessionSeesReload opens a page that reloads itself once, later than
// Load would wait: the session sees the second document, and that it came
// from a reload.
func TestSessionSeesReload(t *testing.T) {
	t.Parallel()
	browser := find(t)
	var loads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := loads.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if n == 1 {
			fmt.Fprint(w, `<!DOCTYPE html><title>one</title><p>first</p><script>window.name = "kept"; setTimeout(() => location.reload(), 300);</script>`)
			return
		}
		fmt.Fprint(w, `<!DOCTYPE html><title>two</title><p>second</p>`)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := Open(ctx, browser, srv.URL, Options{Width: 640, Height: 480})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Wait(ctx, `document.title === "two"`); err != nil {
		t.Fatal(err)
	}
	var nav string
	if err := s.Eval(ctx, `performance.getEntriesByType("navigation")[0].type`, &nav); err != nil {
		t.Fatal(err)
	}
	if nav != "reload" {
		t.Errorf("navigation type = %q, want reload", nav)
	}
	if err := s.Eval(ctx, `nosuchname`, nil); err == nil || !strings.Contains(err.Error(), "nosuchname") {
		t.Errorf("evaluating an undefined name: err = %v, want the exception", err)
	}
	file := filepath.Join(t.TempDir(), "shot.png")
	if err := s.Screenshot(ctx, file); err != nil {
		t.Fatal(err)
	}
	if err := checkPNG(file, 640, 480); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Eval(ctx, `1`, nil); err == nil {
		t.Error("Eval after Close succeeded")
	}
}
