//go:build unix

package errpage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// chromium returns the browser of the browser tests, or skips the test.
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

// load shows url in one headless Chromium, bounded by a minute.
func load(t *testing.T, chrome, url string, opts browser.Options) (browser.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return browser.Load(ctx, chrome, url, opts)
}

// screenshot loads url in Chromium, writes a PNG to file and returns the
// console messages the page logged.
func screenshot(t *testing.T, chrome, url, file string, width, height int, dark bool) ([]string, error) {
	t.Helper()
	res, err := load(t, chrome, url, browser.Options{Width: width, Height: height, Dark: dark, Screenshot: file})
	return res.Console, err
}
