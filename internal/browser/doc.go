// Package browser drives headless Chromium for the browser tests of micro's
// pages: the error pages of internal/errpage and the pages micro-dev serves.
//
// Load runs one browser on one URL and returns what the page logged, with
// a screenshot and the DOM on request; it is the command-line interface of
// headless Chromium (--screenshot, --dump-dom) and sees a page only until
// it has loaded. Open starts a browser that stays up and is driven over the
// DevTools protocol on a pipe, for what happens later: a page that reloads
// itself when a new build serves.
//
// Console messages are read from Chromium's log (--enable-logging=stderr):
// every console call, uncaught exception and refused resource (a
// Content-Security-Policy violation, a failed fetch) is a line there, so
// callers whose pages log nothing treat any message as an error.
//
// Every browser runs in its own process group with a fresh profile in a
// temporary directory; the group is killed when the context ends, and the
// profile removed. Find locates the browser; tests skip when it is missing.
//
// The package is for tests and tools; it imports only the standard library.
package browser
