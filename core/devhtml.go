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
	status := strconv.Itoa(d.Status)
	var b strings.Builder
	b.Grow(len(devCSS) + 2*len(d.Stack) + len(data) + 512)
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
	b.WriteString("<title>" + status + " " + escapeHTML(d.Message) + "</title>")
	b.WriteString("<style>" + devCSS + "</style></head>\n<body><main>\n")
	b.WriteString("<span class=\"label\">" + status + "</span>")
	b.WriteString("<span class=\"label\">" + escapeHTML(d.Type) + "</span>\n")
	b.WriteString("<h1>" + escapeHTML(d.Message) + "</h1>\n")
	b.WriteString("<pre>" + escapeHTML(d.Stack) + "</pre>\n</main>\n")
	b.WriteString("<script type=\"application/json\" id=\"micro-error\">")
	b.Write(data)
	b.WriteString("</script>\n</body></html>\n")
	return b.String()
}
