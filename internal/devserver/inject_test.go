package devserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

const script = "<script>reload()</script>"

func htmlResponse(ct, body string, header ...string) *http.Response {
	r := &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {ct}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       &http.Request{Method: http.MethodGet},
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

func TestInject(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("<p>row</p>\n", 200000) // 2.2 MB: no size limit
	cases := []struct {
		name, ct, body, want string
	}{
		{"before body", "text/html; charset=utf-8", "<html><body>hi</body></html>", "<html><body>hi" + script + "</body></html>"},
		{"upper case", "text/html", "<BODY>hi</BODY>", "<BODY>hi" + script + "</BODY>"},
		{"no body tag", "text/html", "<p>fragment", "<p>fragment" + script},
		{"empty", "text/html", "", script},
		{"first of two", "text/html", "<body>a</body><!-- </body> -->", "<body>a" + script + "</body><!-- </body> -->"},
		{"partial tag at end", "text/html", "<p>x</bo", "<p>x</bo" + script},
		{"large", "text/html", big + "</body>", big + script + "</body>"},
		{"not html", "application/json", `{"a":"</body>"}`, `{"a":"</body>"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp := htmlResponse(c.ct, c.body)
			if err := inject(resp, []byte(script)); err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("body = %.200q, want %.200q", got, c.want)
			}
			if strings.HasPrefix(c.ct, "text/html") && (resp.ContentLength != -1 || resp.Header.Get("Content-Length") != "") {
				t.Errorf("length still declared: %d %q", resp.ContentLength, resp.Header.Get("Content-Length"))
			}
		})
	}
}

// A tag split across every possible pair of reads is still found.
func TestInjectSplitReads(t *testing.T) {
	t.Parallel()
	page := "<html><body><h1>streamed</h1></body></html>"
	want := strings.Replace(page, "</body>", script+"</body>", 1)
	for _, r := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader, iotest.DataErrReader} {
		resp := htmlResponse("text/html", "")
		resp.Body = io.NopCloser(r(strings.NewReader(page)))
		if err := inject(resp, []byte(script)); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != want {
			t.Errorf("got %q, %v; want %q", got, err, want)
		}
	}
}

// Bytes before a pause reach the browser before the pause ends: only a
// possible start of </body> is held back.
func TestInjectStreamsAsItGoes(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	resp := htmlResponse("text/html", "")
	resp.Body = pr
	resp.ContentLength = -1
	if err := inject(resp, []byte(script)); err != nil {
		t.Fatal(err)
	}
	go pw.Write([]byte("<body><p>first</p><"))
	buf := make([]byte, 64)
	n, err := resp.Body.Read(buf)
	if err != nil || string(buf[:n]) != "<body><p>first</p>" {
		t.Fatalf("first read = %q, %v", buf[:n], err)
	}
	go func() { pw.Write([]byte("/body>")); pw.Close() }()
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != script+"</body>" {
		t.Fatalf("rest = %q, %v", rest, err)
	}
}

func TestInjectGzip(t *testing.T) {
	t.Parallel()
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("<body>zipped</body>"))
	zw.Close()
	resp := htmlResponse("text/html", z.String(), "Content-Encoding", "gzip")
	if err := inject(resp, []byte(script)); err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	if string(got) != "<body>zipped"+script+"</body>" || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("got %q, encoding %q", got, resp.Header.Get("Content-Encoding"))
	}
	// An encoding we cannot decode is passed on untouched.
	resp = htmlResponse("text/html", "\x00br", "Content-Encoding", "br")
	inject(resp, []byte(script))
	if got, _ := io.ReadAll(resp.Body); string(got) != "\x00br" || resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("br body changed: %q", got)
	}
}

func TestInjectSkips(t *testing.T) {
	t.Parallel()
	head := htmlResponse("text/html", "")
	head.Request.Method = http.MethodHead
	notModified := htmlResponse("text/html", "")
	notModified.StatusCode = http.StatusNotModified
	for _, resp := range []*http.Response{head, notModified} {
		inject(resp, []byte(script))
		if got, _ := io.ReadAll(resp.Body); len(got) != 0 {
			t.Errorf("%s %d got a body %q", resp.Request.Method, resp.StatusCode, got)
		}
	}
}

func TestMayInject(t *testing.T) {
	t.Parallel()
	nav := &http.Request{Header: http.Header{"Accept": {"text/html,*/*"}, "Accept-Encoding": {"gzip, br"}}}
	asset := &http.Request{Header: http.Header{"Accept": {"*/*"}, "Accept-Encoding": {"gzip"}}}
	mayInject(nav)
	mayInject(asset)
	if nav.Header.Get("Accept-Encoding") != "" || asset.Header.Get("Accept-Encoding") != "gzip" {
		t.Errorf("nav %q asset %q", nav.Header.Get("Accept-Encoding"), asset.Header.Get("Accept-Encoding"))
	}
}
