package errpage

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is one page of the golden and browser tests. Pages point into
// testdata/app and testdata/broken, and the hostile ones into a directory
// made by the test (its source is not valid UTF-8, so it cannot be checked
// in as a .go file without upsetting gofmt).
type fixture struct {
	name string
	page Page
}

// fixtures builds the pages; hostileDir holds the hostile source file.
func fixtures(t testing.TB, hostileDir string) []fixture {
	t.Helper()
	app := abs(t, "testdata/app")
	broken := abs(t, "testdata/broken")
	gosrc := goSrc()
	if gosrc == "" {
		t.Skip("the standard library's file paths are unknown (-trimpath)")
	}
	micro := filepath.Join(modCache(), "github.com/seed-1b2dc2de/micro@v0.1.0/core/func.go")
	lib := []Frame{
		{Func: "github.com/seed-1b2dc2de/micro/core.Func.ServeHTTP", File: micro, Line: 40},
		{Func: "net/http.serverHandler.ServeHTTP", File: filepath.Join(gosrc, "net/http/server.go"), Line: 3340},
		{Func: "net/http.(*conn).serve", File: filepath.Join(gosrc, "net/http/server.go"), Line: 2109},
		{Func: "runtime.goexit", File: filepath.Join(gosrc, "runtime/asm_amd64.s"), Line: 1700},
	}
	req := &Request{Method: "GET", URL: "/users/7?verbose=1", Header: http.Header{
		"Accept":           {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
		"Accept-Language":  {"en-GB,en;q=0.9"},
		"User-Agent":       {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},
		"Cookie":           {"session=4f9c2a; theme=dark"},
		"Authorization":    {"Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig"},
		"Sec-Fetch-Mode":   {"navigate"},
		"Sec-Ch-Ua":        {`"Chromium";v="126"`},
		"X-Forwarded-For":  {"127.0.0.1"},
		"X-Forwarded-Host": {"localhost:3000"},
	}}
	hostile := writeHostile(t, hostileDir)
	evil := `"quoted" & 'single' </textarea></script><script>alert(1)</script> bad:` + "\xff\xfe\xc3("
	return []fixture{
		{"runtime", Page{
			Kind: Runtime, Status: 500, Title: "Internal Server Error",
			Message: `handler: load user "7": user not found`,
			Type:    "*fmt.wrapError",
			Chain: []string{
				`handler: load user "7": user not found`,
				`load user "7": user not found`,
				"user not found",
			},
			ChainTypes: []string{"*fmt.wrapError", "*fmt.wrapError", "*errors.errorString"},
			Frames: append([]Frame{
				{Func: "github.com/acme/shop/app.(*Store).Load", File: filepath.Join(app, "store.go"), Line: 22},
				{Func: "github.com/acme/shop/app.Handler", File: filepath.Join(app, "handler.go"), Line: 11},
			}, lib...),
			Request: req, ModuleRoot: app, LiveReload: "/__micro/events",
		}},
		{"panic", Page{
			Kind: Runtime, Status: 500, Title: "Internal Server Error",
			Message: "panic: runtime error: index out of range [3] with length 0",
			Type:    "runtime.boundsError",
			Panic:   "runtime error: index out of range [3] with length 0",
			Chain:   []string{"panic: runtime error: index out of range [3] with length 0"},
			Frames: append([]Frame{
				{Func: "runtime.gopanic", File: filepath.Join(gosrc, "runtime/panic.go"), Line: 783},
				{Func: "runtime.goPanicIndex", File: filepath.Join(gosrc, "runtime/panic.go"), Line: 115},
				{Func: "github.com/acme/shop/app.Greet", File: filepath.Join(app, "handler.go"), Line: 21},
			}, lib...),
			Request: &Request{Method: "POST", URL: "/greet", Header: http.Header{"Content-Type": {"application/json"}}},
			// No ModuleRoot: user code is what is outside GOROOT and the module cache.
			Editor: "idea://open?file={file}&line={line}",
		}},
		{"compile", Page{
			Kind: Compile, Status: 500, Title: "Build failed", Message: "4 errors",
			Diagnostics: []Diagnostic{
				{File: filepath.Join(broken, "greet.go"), Line: 7, Col: 21, Message: "undefined: nmae"},
				{File: "main.go", Line: 11, Col: 6, Message: "declared and not used: n"},
				{File: filepath.Join(broken, "main.go"), Line: 11, Col: 14, Message: "cannot use count (variable of type string) as int value in variable declaration"},
				{File: filepath.Join(broken, "main.go"), Line: 15, Col: 2, Message: "result of http.ListenAndServe is not used"},
			},
			ModuleRoot: broken, LiveReload: "/__micro/events",
		}},
		{"crash", Page{
			Kind: Crash, Status: 502, Title: "The server crashed", Exit: "exit status 2", Restart: "/__micro/restart",
			Output: []string{
				"micro: Accepting connections on http://127.0.0.1:40123",
				"\x1b[32m> #1 GET /greet\x1b[0m",
				"panic: runtime error: index out of range [3] with length 0",
				"",
				"goroutine 18 [running]:",
				"github.com/acme/shop/app.Greet({0x7a1f20, 0xc0001a2000}, 0xc0001b4000)",
				"\t" + filepath.Join(app, "handler.go") + ":21 +0x1d",
				"github.com/seed-1b2dc2de/micro/core.Func.ServeHTTP(...)",
				"\t" + micro + ":40 +0x8c",
				"net/http.serverHandler.ServeHTTP({0xc0000a6000?}, {0x7a1f20?, 0xc0001a2000?}, 0x6?)",
				"\t" + filepath.Join(gosrc, "net/http/server.go") + ":3340 +0x8e",
				"created by net/http.(*Server).Serve in goroutine 1",
				"\t" + filepath.Join(gosrc, "net/http/server.go") + ":3454 +0x485",
				"exit status 2",
			},
			InFlight:   "GET /greet?name=ada",
			ModuleRoot: app, LiveReload: "/__micro/events",
		}},
		{"empty", Page{}},
		{"stackless", Page{
			Kind: Runtime, Status: 418, Title: "I'm a teapot",
			Message: "brew: " + strings.Repeat("the pot is far too small for this much tea; ", 110) + "\nsecond line",
			Type:    "*errors.errorString", Stackless: true,
			Frames: append([]Frame{
				{Func: "github.com/acme/shop/app.Handler", File: filepath.Join(app, "handler.go"), Line: 11},
			}, lib...),
			Request: &Request{Method: "GET", URL: "/brew?size=large&api_key=abc123&q=a%20b", Header: http.Header{
				"X-Api-Key": {"k-123456"}, "Accept": {"*/*"},
			}},
			ModuleRoot: app,
		}},
		{"hostile-runtime", Page{
			Kind: Runtime, Status: 500, Title: `<img src=x onerror=alert(1)>`, Message: evil,
			Panic: "<b>bold</b>\x00\x1b[31m" + evil,
			Chain: []string{"wrap <i>: " + evil, evil},
			Frames: []Frame{
				{Func: `main.<script>alert("f")</script>`, File: hostile, Line: 3},
				{Func: "main.main", File: hostile, Line: 9},
				{Func: "main.missing", File: filepath.Join(hostileDir, "gone.go"), Line: 4},
			},
			Request: &Request{Method: "GET<x>", URL: `/search?q=<script>alert(1)</script>&x="y"`, Header: http.Header{
				"X-Evil": {`"><script>alert(1)</script>`, "second\xff"},
			}},
			ModuleRoot: hostileDir,
			Editor:     `javascript:alert(1)//{file}`,
			LiveReload: `javascript:alert(1)`,
		}},
		{"hostile-compile", Page{
			Kind: Compile, Status: 500, Message: evil,
			Diagnostics: []Diagnostic{
				{File: hostile, Line: 5, Col: 9, Message: "after invalid bytes: " + evil},
				{File: hostile, Line: 7, Col: 251, Message: "far right on a long line"},
				{File: hostile, Line: 99, Col: 1, Message: "past the end of the file"},
				{Message: "go: <no file> \xff"},
			},
			ModuleRoot: hostileDir, Editor: `java` + "\t" + `script:alert(1)//{file}`,
		}},
		{"hostile-crash", Page{
			Kind: Crash, Status: 502, Title: evil, Exit: "signal: killed <b>\xff", Restart: "javascript:alert(1)",
			Output:     []string{evil, "\x1b[1;31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07", "\t" + hostile + ":3 +0x1d", "nul:\x00 bell:\x07 cr:\rend"},
			ModuleRoot: hostileDir,
		}},
	}
}

// writeHostile writes a source file full of things that must not break the
// page, in a directory whose name needs escaping in a link.
func writeHostile(t testing.TB, dir string) string {
	t.Helper()
	src := strings.Join([]string{
		`package main // </script><script>alert("src")</script>`,
		``,
		"func f() { panic(`<!-- \"'&amp;`) }",
		``,
		"var s = \"\xff\xfe\" + bad + `\x1b[31m`",
		``,
		"var long = \"" + strings.Repeat("x", 300) + "\"",
		``,
		"func main() {\tf() }",
	}, "\n")
	sub := filepath.Join(dir, `we"ird <dir>#1`)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, "hostile.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func abs(t testing.TB, rel string) string {
	t.Helper()
	p, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
