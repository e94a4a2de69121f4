// Package errpage renders the development error pages of micro: a runtime
// error (with its stack), a compile error (with the diagnostics) and a crash
// (with the child's exit status and last output). One renderer serves all
// three, as HTML, plain text and JSON, so that they look and behave alike.
//
// A Page is plain data filled by the caller (micro-dev, for compile errors
// and crashes, and for runtime errors from the JSON core writes in
// development: see RuntimeFromJSON). Page.HTML writes a complete,
// self-contained document: the CSS and the one script are embedded, nothing
// is fetched from the network, and every string taken from the error, the
// request, the compiler or the source is escaped by html/template (invalid
// UTF-8 shows as U+FFFD); a Content-Security-Policy allows only the page's
// own style and script, by hash, as a second line of defence. Page.Text is
// the same content as plain text, and what the page's copy button copies;
// Page.JSON is the same as data. Both are cleaned of escape sequences and
// invalid UTF-8. Content negotiation is left to the caller.
//
// The page leads with the error's message (clamped, with "Show all"), the
// status and the Go type as small labels; a crash leads with the child's
// "panic:" or "fatal error:" line and names the request it was serving.
// Frames of the user's module are shown with the source lines around them;
// standard library, module cache and micro's own frames collapse. An error
// that recorded no stack says so. Diagnostics whose source lines overlap
// share one snippet with a caret for each. File paths link to the editor
// through a URL pattern (Page.Editor, $MICRO_EDITOR, or
// vscode://file/{file}:{line}:{col}). Page.CaptureSource keeps the source
// as it was when the build failed.
//
// Secrets are masked: the values of the headers SecretHeader names, and of
// query parameters with such names, show as "••••••" in the text, the JSON
// and the copied text; on the HTML page a click reveals them.
//
// When Page.LiveReload names a server-sent-events endpoint, the page reloads
// itself on its "reload" event; ReloadScript returns the same client for
// injection into other HTML pages. All tabs of a browser share one
// connection, held by the tab that holds a Web Lock and relayed to the
// others on a BroadcastChannel: a browser allows six connections to a
// host, and each event stream would hold one.
//
// Production servers must not render these pages: they show file paths,
// source code and request headers.
package errpage
