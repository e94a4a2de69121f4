package core

import (
	"strconv"
	"strings"
)

// devCSS styles the development error page. It is deliberately small:
// micro-dev replaces the page with its full one, so this is only what a
// browser shows when the server is reached directly.
const devCSS = `body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#fff;color:#1a1a1a}
main{max-width:960px;margin:0 auto;padding:24px 16px}
.label{display:inline-block;margin-right:8px;padding:2px 8px;border-radius:4px;background:#fde8e8;color:#9b1c1c;font:12px ui-monospace,monospace}
h1{margin:12px 0 20px;font-size:22px;overflow-wrap:anywhere}
pre{overflow-x:auto;padding:16px;border-radius:6px;background:#f4f4f5;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{background:#18181b;color:#e4e4e7}.label{background:#3f1d1d;color:#fca5a5}pre{background:#27272a}}`

// devHTML is the development error page: status, type, message and stack,
// escaped, with the error as JSON data (data, which encoding/json has
// already made safe inside a script element) for micro-dev to read.
// Nothing of the request is shown: its headers may hold secrets.
func devHTML(d *devError, data []byte) string {
	status, msg := strconv.Itoa(d.Status), escapeHTML(d.Message)
	return strings.Join([]string{
		"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>",
		status, " ", msg, "</title>\n<style>", devCSS, "</style></head>\n<body><main>\n<span class=\"label\">",
		status, "</span><span class=\"label\">", escapeHTML(d.Type), "</span>\n<h1>",
		msg, "</h1>\n<pre>", escapeHTML(d.Stack), "</pre>\n</main>\n",
		"<script type=\"application/json\" id=\"micro-error\">", string(data), "</script>\n</body></html>\n",
	}, "")
}
