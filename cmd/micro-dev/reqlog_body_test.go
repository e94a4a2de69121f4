package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestReqLogBodies(t *testing.T) {
	t.Parallel()
	bigJSON := `{"k":"` + strings.Repeat("x", jsonLogKeep) + `"}`
	type resp struct {
		status int
		header map[string]string
		body   string
	}
	tests := []struct {
		name    string
		limit   int64
		method  string
		target  string
		reqType string
		reqBody string
		resp    resp
		want    string
	}{
		{"get", 16, "GET", "/hello?x=1", "", "", resp{200, map[string]string{"Content-Type": "text/plain"}, "hi\n"},
			"> #1 GET /hello?x=1\n< #1 200 [+Xms]\nhi\n"},
		{"json pretty both ways, beyond the limit", 16, "POST", "/api", "application/json", `{"a":1,"b":[1,2]}`,
			resp{201, map[string]string{"Content-Type": "application/json; charset=utf-8"}, `{"ok":true}`},
			"> #1 POST /api\n{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}\n< #1 201 [+Xms]\n{\n  \"ok\": true\n}\n"},
		{"json without a type", 16, "POST", "/", "", `[1, 2]`, resp{204, nil, ""},
			"> #1 POST /\n[\n  1,\n  2\n]\n< #1 204 [+Xms]\n"},
		{"vendor json", 64, "GET", "/", "", "", resp{200, map[string]string{"Content-Type": "application/problem+json"}, `{"title":"x"}`},
			"> #1 GET /\n< #1 200 [+Xms]\n{\n  \"title\": \"x\"\n}\n"},
		{"broken json is cut text", 4, "GET", "/", "", "", resp{500, map[string]string{"Content-Type": "application/json"}, `{"a": 1`},
			"> #1 GET /\n< #1 500 [+Xms]\n{\"a\"… (3 more bytes)\n"},
		{"json beyond what is kept is cut text", 8, "GET", "/", "", "", resp{200, map[string]string{"Content-Type": "application/json"}, bigJSON},
			fmt.Sprintf("> #1 GET /\n< #1 200 [+Xms]\n{\"k\":\"xx… (%d more bytes)\n", len(bigJSON)-8)},
		{"text cut at the limit", 16, "POST", "/t", "text/plain", "abcdefghijklmnopqrstuvwxyz", resp{200, map[string]string{"Content-Type": "text/plain"}, "ok"},
			"> #1 POST /t\nabcdefghijklmnop… (10 more bytes)\n< #1 200 [+Xms]\nok\n"},
		{"cut on a rune boundary", 16, "POST", "/", "text/plain", "a" + strings.Repeat("é", 10), resp{200, nil, ""},
			"> #1 POST /\na" + strings.Repeat("é", 7) + "… (6 more bytes)\n< #1 200 [+Xms]\n"},
		{"binary by type", 16, "GET", "/img", "", "", resp{200, map[string]string{"Content-Type": "image/png"}, "\x89PNG" + strings.Repeat("z", 96)},
			"> #1 GET /img\n< #1 200 [+Xms]\n<100 bytes image/png>\n"},
		{"binary by content", 16, "POST", "/up", "", "ab\x00\x01\x02cd", resp{200, map[string]string{"Content-Type": "text/plain"}, "\xff\xfe"},
			"> #1 POST /up\n<7 bytes>\n< #1 200 [+Xms]\n<2 bytes text/plain>\n"},
		{"compressed", 16, "GET", "/", "", "", resp{200, map[string]string{"Content-Type": "text/plain", "Content-Encoding": "gzip"}, "not really gzip"},
			"> #1 GET /\n< #1 200 [+Xms]\n<15 bytes text/plain, gzip>\n"},
		{"html is one line", 16, "GET", "/", "", "", resp{200, map[string]string{"Content-Type": "text/html; charset=utf-8"}, "<!DOCTYPE html>\n<p>hi</p>\n"},
			"> #1 GET /\n< #1 200 [+Xms]\n<26 bytes text/html>\n"},
		{"css is one line", 1024, "GET", "/app.css", "", "", resp{200, map[string]string{"Content-Type": "text/css"}, strings.Repeat("p { margin: 0 }\n", 50)},
			"> #1 GET /app.css\n< #1 200 [+Xms]\n<800 bytes text/css>\n"},
		{"javascript is one line", 1024, "GET", "/app.js", "", "", resp{200, map[string]string{"Content-Type": "text/javascript; charset=utf-8"}, "let a = 1;\nlet b = 2;\n"},
			"> #1 GET /app.js\n< #1 200 [+Xms]\n<22 bytes text/javascript>\n"},
		{"svg is one line", 1024, "GET", "/i.svg", "", "", resp{200, map[string]string{"Content-Type": "image/svg+xml"}, "<svg/>"},
			"> #1 GET /i.svg\n< #1 200 [+Xms]\n<6 bytes image/svg+xml>\n"},
		{"a form is text", 1024, "POST", "/f", "application/x-www-form-urlencoded", "a=1&b=2", resp{303, nil, ""},
			"> #1 POST /f\na=1&b=2\n< #1 303 [+Xms]\n"},
		{"xml is text", 1024, "GET", "/feed", "", "", resp{200, map[string]string{"Content-Type": "application/atom+xml"}, "<feed/>"},
			"> #1 GET /feed\n< #1 200 [+Xms]\n<feed/>\n"},
		{"a multipart upload is one line", 1024, "POST", "/up", "multipart/form-data; boundary=x", "--x\r\n\r\nhi\r\n--x--\r\n", resp{204, nil, ""},
			"> #1 POST /up\n<18 bytes multipart/form-data>\n< #1 204 [+Xms]\n"},
		{"limit 0 logs no bodies", 0, "POST", "/", "text/plain", "abc", resp{404, nil, "nope"},
			"> #1 POST /\n< #1 404 [+Xms]\n"},
		{"micro endpoints not logged", 16, "GET", "/__micro/reload", "", "", resp{200, nil, "x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out logBuffer
			l := &reqLogger{out: &out, limit: tt.limit}
			var got []byte
			h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ = io.ReadAll(r.Body)
				for k, v := range tt.resp.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.resp.status)
				io.WriteString(w, tt.resp.body)
			}))
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.reqBody))
			if tt.reqType != "" {
				req.Header.Set("Content-Type", tt.reqType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if string(got) != tt.reqBody {
				t.Errorf("handler read %q, want %q", got, tt.reqBody)
			}
			if rec.Body.String() != tt.resp.body {
				t.Errorf("client got %q, want %q", rec.Body, tt.resp.body)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("log:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
