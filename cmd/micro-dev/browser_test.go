//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// The browser tests load micro-dev's pages in headless Chromium: each page
// is screenshotted under build/screenshots (for people to look at; build/
// is not committed), must log nothing to the console, and must show its
// key facts in the DOM. A long-running browser then checks that the
// compile error page reloads itself into the fixed app.

// pageHTML is the app's own page, the normal 200 response.
const pageHTML = `<!DOCTYPE html><html><head><title>app</title></head>` +
	`<body><h1>Hello from the app</h1><p>Served through micro-dev.</p></body></html>`

// runtimeApp answers / with its page, /wrapped with a wrapped error and
// /panic with a panic (a write to a nil map).
const runtimeApp = `package app

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

var errNoProfile = errors.New("no such profile")

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	switch r.URL.Path {
	case "/wrapped":
		return nil, loadProfile("42")
	case "/panic":
		var hits map[string]int
		hits[r.URL.Path]++
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return ` + "`" + pageHTML + "`" + `, nil
})

func loadProfile(id string) error {
	return fmt.Errorf("loading the profile of user %s: %w", id, errNoProfile)
}
`

// chromium returns the browser, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := browser.Find()
	if errors.Is(err, browser.ErrNotFound) {
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

// shoot loads url in Chromium, leaves its screenshot as
// build/screenshots/micro-dev-<name>.png, fails the test on any console
// message (micro-dev's pages log nothing: a message is a script error, a
// refused resource or a broken event stream) and returns the DOM.
func shoot(t *testing.T, chrome, url, name string) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := browser.Load(ctx, chrome, url, browser.Options{
		Width: 1280, Height: 1000, DOM: true,
		Screenshot: filepath.Join(dir, "micro-dev-"+name+".png"),
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, line := range res.Console {
		t.Errorf("%s: console: %s", name, line)
	}
	return res.DOM
}

// wantIn fails the test for each of want that the DOM does not contain.
func wantIn(t *testing.T, name, dom string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(dom, w) {
			t.Errorf("%s: the page does not show %q; DOM:\n%s", name, w, dom)
		}
	}
}

// lineOf is the 1-based line of src holding substr.
func lineOf(t *testing.T, src, substr string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, substr) {
			return i + 1
		}
	}
	t.Fatalf("no %q in the source", substr)
	return 0
}

func TestBrowser(t *testing.T) {
	chrome := chromium(t)
	t.Parallel()

	// The child's runtime error pages and the app's own page, from one
	// build that does not change.
	t.Run("runtime", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, map[string]string{"app.go": runtimeApp})
		d := startDev(t, dir, "-s")
		waitBody(t, d.url, pageHTML)
		panicAt := "app.go:" + strconv.Itoa(lineOf(t, runtimeApp, "hits[r.URL.Path]++"))
		for _, tc := range []struct {
			name, path string
			want       []string
		}{
			{"ok", "/", []string{"Hello from the app"}},
			// A returned error's stack is taken where core sends it, after
			// the handler has returned: the page shows the message, the
			// wrapped error on its own line of the chain and the request,
			// but no line of the handler (as of this writing).
			{"wrapped-error", "/wrapped", []string{
				"loading the profile of user 42: no such profile", "<li><code>no such profile", d.url + "/wrapped",
			}},
			{"panic", "/panic", []string{"assignment to entry in nil map", panicAt, d.url + "/panic"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				wantIn(t, tc.name, shoot(t, chrome, d.url+tc.path, tc.name), tc.want...)
			})
		}
	})

	// A broken build, its fix seen by the page itself, then a crash.
	t.Run("build", func(t *testing.T) {
		t.Parallel()
		broken := handlerSrc(`return undefinedThing, nil`)
		dir := newApp(t, map[string]string{"app.go": broken})
		d := startDev(t, dir, "-s")
		d.waitCount(t, "build failed", 1)
		at := "app.go:" + strconv.Itoa(lineOf(t, broken, "undefinedThing")) + ":9"
		wantIn(t, "compile-error", shoot(t, chrome, d.url, "compile-error"), at, "undefined: undefinedThing")

		liveReload(t, chrome, d, dir)

		crash := handlerSrc(`return "up", nil`) + "\nfunc init() { println(\"boom at start\"); panic(\"boom\") }\n"
		write(t, dir, "app.go", crash)
		d.waitCount(t, "the handler stopped", 1)
		wantIn(t, "crash", shoot(t, chrome, d.url, "crash"), "exit status 2", "boom at start")
	})
}

// liveReload opens the compile error page in a browser that stays up,
// fixes the build, and checks that the page reloaded itself into the app's
// page: no test code navigates, so only the page's own client can have
// brought the new content, and the navigation's type says it was a reload.
func liveReload(t *testing.T, chrome string, d *devProc, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := browser.Open(ctx, chrome, d.url, browser.Options{Width: 1280, Height: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The badge turns on when the event stream is open: from then on, a
	// new build cannot be missed.
	if err := s.Wait(ctx, `document.getElementById("micro-live") !== null &&
		document.getElementById("micro-live").textContent === "Watching for changes"`); err != nil {
		t.Fatalf("the compile error page never connected to %s: %v\n%s", reloadPath, err, s.Log())
	}

	write(t, dir, "app.go", handlerSrc(`w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return `+"`"+pageHTML+"`"+`, nil`))
	if err := s.Wait(ctx, `document.body !== null && document.body.innerText.includes("Hello from the app")`); err != nil {
		t.Fatalf("the compile error page did not reload into the fixed app: %v", err)
	}
	var nav string
	if err := s.Eval(ctx, `performance.getEntriesByType("navigation")[0].type`, &nav); err != nil {
		t.Fatal(err)
	}
	if nav != "reload" {
		t.Errorf("the fixed app's page came by a navigation of type %q, want reload", nav)
	}
	file := filepath.Join(repoRoot(t), "build", "screenshots", "micro-dev-reloaded.png")
	if err := s.Screenshot(ctx, file); err != nil {
		t.Error(err)
	}
	for _, line := range s.Console() {
		t.Errorf("live reload: console: %s", line)
	}
}
