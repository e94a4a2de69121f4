// Package errpage renders the development error pages of micro: a runtime
// error (with its stack), a compile error (with the diagnostics) and a crash
// (with the child's exit status and last output). One renderer serves all
// three so that they look and behave alike.
//
// A Page is plain data filled by the caller (core for runtime errors,
// micro-dev for compile errors and crashes). Page.HTML writes a complete,
// self-contained document: the CSS and the one script are embedded, nothing
// is fetched from the network, and every string taken from the error, the
// request, the compiler or the source is escaped by html/template (invalid
// UTF-8 shows as U+FFFD); a Content-Security-Policy allows only the page's
// own style and script, by hash, as a second line of defence. Page.Text is the same content as plain text; it is
// also what the page's copy button copies. Content negotiation is left to the
// caller.
//
// Frames of the user's module are shown with the source lines around them;
// standard library, module cache and micro's own frames collapse. File paths
// link to the editor through a URL pattern (Page.Editor, $MICRO_EDITOR, or
// vscode://file/{file}:{line}:{col}).
//
// When Page.LiveReload names a server-sent-events endpoint, the page reloads
// itself on its "reload" event; ReloadScript returns the same client for
// injection into other HTML pages.
//
// Production servers must not render these pages: they show file paths,
// source code and request headers.
package errpage
