//go:build unix

package errpage

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// shotsDir is where the browser test leaves its screenshots, for a human
// to look at: build/ at the module root (ignored by git).
const shotsDir = "../../build/screenshots"

// deliberateError is a page with a script error: the browser test checks
// that its detector sees it, so that "no console errors" means something.
const deliberateError = `<!DOCTYPE html><html><head><title>x</title></head><body>` +
	`<script>undefinedFunction();</script></body></html>`

// TestBrowser loads every page in headless Chromium, wide, narrow and dark,
// takes a screenshot of each and fails on any console message: the pages
// log nothing, so any message is an error (a script exception, a refused
// resource, a broken EventSource).
func TestBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; CI installs it")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	t.Setenv("MICRO_EDITOR", "")
	pages := map[string]*Page{}
	for _, f := range fixtures(t, t.TempDir()) {
		pages[f.name] = &f.page
	}
	srv := serve(t, pages)
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}

	type shot struct {
		page, variant string
		width, height int
		dark          bool
	}
	var shots []shot
	for name := range pages {
		shots = append(shots, shot{name, "wide", 1280, 2000, false})
	}
	for _, name := range []string{"runtime", "compile", "crash", "hostile-compile"} {
		shots = append(shots, shot{name, "narrow", 420, 1600, false})
	}
	for _, name := range []string{"runtime", "compile", "crash"} {
		shots = append(shots, shot{name, "dark", 1280, 2000, true})
	}

	// Two browsers at a time: the machine has two cores.
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, s := range shots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			file := filepath.Join(shotsDir, s.page+"-"+s.variant+".png")
			console, err := screenshot(t, chromium, srv.URL+"/pages/"+s.page, file, s.width, s.height, s.dark)
			if err != nil {
				t.Errorf("%s %s: %v", s.page, s.variant, err)
				return
			}
			for _, line := range console {
				t.Errorf("%s %s: console: %s", s.page, s.variant, line)
			}
		}()
	}
	// The detector must see a real error, or the checks above prove nothing.
	wg.Add(1)
	go func() {
		defer wg.Done()
		sem <- struct{}{}
		defer func() { <-sem }()
		file := filepath.Join(t.TempDir(), "deliberate.png")
		console, err := screenshot(t, chromium, srv.URL+"/deliberate-error", file, 800, 600, false)
		if err != nil {
			t.Errorf("deliberate error page: %v", err)
			return
		}
		if !strings.Contains(strings.Join(console, "\n"), "undefinedFunction") {
			t.Errorf("the console detector missed a deliberate script error; console lines: %q", console)
		}
	}()
	wg.Wait()
}

// serve starts a server with the pages under /pages/{name}, a live-reload
// endpoint that stays open, and the deliberate error page.
func serve(t *testing.T, pages map[string]*Page) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pages/{name}", func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.PathValue("name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		var b bytes.Buffer
		if err := p.HTML(&b); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(max(p.Status, http.StatusOK))
		_, _ = w.Write(b.Bytes())
	})
	mux.HandleFunc("GET /__micro/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = fmt.Fprint(w, ": connected\n\n")
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	mux.HandleFunc("GET /deliberate-error", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, deliberateError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first: ends open event streams
	return srv
}

// screenshot runs one headless Chromium on url, writes a PNG to file and
// returns the console messages it logged. The browser runs in its own
// process group, which is killed if it outlives its deadline.
func screenshot(t *testing.T, chromium, url, file string, width, height int, dark bool) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--hide-scrollbars",
		"--screenshot=" + file, fmt.Sprintf("--window-size=%d,%d", width, height),
	}
	if dark {
		args = append(args, "--force-dark-mode")
	}
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("chromium: %w\n%s", err, lastLines(stderr.String(), 10))
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("no screenshot: %w", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("screenshot is not a PNG: %w", err)
	}
	if cfg.Width != width || cfg.Height != height {
		return nil, fmt.Errorf("screenshot is %dx%d, want %dx%d", cfg.Width, cfg.Height, width, height)
	}
	return consoleLines(stderr.String()), nil
}

// consoleLines picks the page's console messages out of Chromium's log:
// with --enable-logging=stderr every console call, uncaught exception and
// refused resource is a line with ":CONSOLE" in its prefix, whatever its level.
func consoleLines(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if _, msg, ok := strings.Cut(line, ":CONSOLE"); ok {
			if _, rest, ok := strings.Cut(msg, "] "); ok {
				msg = rest
			}
			out = append(out, msg)
		}
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestBrowserReload checks the live-reload client in a real browser, in an
// error page and injected into a user's page: the events endpoint sends
// "reload" on its first connection, and the page must be fetched again.
// The second connection gets 204, which tells EventSource to stop, so
// that nothing is pending when Chromium's virtual time runs out.
func TestBrowserReload(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; CI installs it")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	errorPage := &Page{Kind: Compile, Status: 500, Diagnostics: []Diagnostic{{File: "/nonexistent/x.go", Line: 1, Col: 1, Message: "boom"}}, LiveReload: "/events"}
	var html bytes.Buffer
	if err := errorPage.HTML(&html); err != nil {
		t.Fatal(err)
	}
	userPage := "<!DOCTYPE html><html><head><title>app</title></head><body><p>Hello</p>" +
		string(ReloadScript("/events")) + "</body></html>"
	for _, tc := range []struct{ name, body string }{
		{"error page", html.String()},
		{"injected", userPage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			pages, events := 0, 0
			mux := http.NewServeMux()
			mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				pages++
				mu.Unlock()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = fmt.Fprint(w, tc.body)
			})
			mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				events++
				first := events == 1
				mu.Unlock()
				if !first {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Header().Set("Content-Type", "text/event-stream")
				_, _ = fmt.Fprint(w, "event: reload\ndata: build 2\n\n")
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir="+t.TempDir(),
				"--virtual-time-budget=5000", "--dump-dom", srv.URL+"/page")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
			cmd.WaitDelay = 10 * time.Second
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			if err := cmd.Run(); err != nil {
				t.Fatalf("chromium: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if pages != 2 {
				t.Errorf("the page was fetched %d times, want 2 (loaded, then reloaded on the event)", pages)
			}
			if tc.name == "error page" && !strings.Contains(stdout.String(), `<button type="button" id="micro-copy" class="btn">`) {
				t.Errorf("the copy button is still hidden: the page's script did not run; DOM:\n%s", stdout.String())
			}
		})
	}
}
