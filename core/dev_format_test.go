package core_test

// The fixed format of development error responses, which micro-dev reads.
// Not parallel: development mode is process-wide.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// devErrorJSON is the object of a development error, as micro-dev reads it.
type devErrorJSON struct {
	Status  int     `json:"status"`
	Message string  `json:"message"`
	Stack   string  `json:"stack"`
	Type    string  `json:"type"`
	Panic   *string `json:"panic"`
	Chain   []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"chain"`
	Frames []struct {
		Func string `json:"func"`
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"frames"`
	Stackless *bool `json:"stackless"`
}

func devRequest(t *testing.T, h core.Func, accept string) (int, http.Header, string) {
	t.Helper()
	req := mustRequest(t, "GET", "/x", "")
	req.Header.Set("Accept", accept)
	rec := record(h, req)
	return rec.Code, rec.Header(), rec.Body.String()
}

func decodeDevError(t *testing.T, body string) devErrorJSON {
	t.Helper()
	var v struct {
		Error devErrorJSON `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not the JSON of a dev error: %v\n%s", err, body)
	}
	return v.Error
}

func TestDevErrorJSONFields(t *testing.T) {
	devMode(t, true)
	_, hdr, body := devRequest(t, func(w http.ResponseWriter, r *http.Request) (any, error) {
		_, err := fs.ReadFile(fsys{}, "missing.txt")
		return nil, fmt.Errorf("load config: %w", err)
	}, "application/json")
	if hdr.Get("X-Micro-Error") != "1" {
		t.Errorf("X-Micro-Error = %q, want 1", hdr.Get("X-Micro-Error"))
	}
	d := decodeDevError(t, body)
	if d.Status != 500 || d.Message != "Internal Server Error" || d.Type != "*fmt.wrapError" || d.Panic != nil {
		t.Errorf("error = %+v", d)
	}
	if !strings.HasPrefix(d.Stack, "load config: open missing.txt: file does not exist\n\n") {
		t.Errorf("stack = %q", d.Stack)
	}
	if len(d.Chain) != 3 || d.Chain[1].Type != "*fs.PathError" || d.Chain[1].Message != "open missing.txt: file does not exist" {
		t.Errorf("chain = %+v", d.Chain)
	}
	if d.Stackless == nil || !*d.Stackless {
		t.Error("a fmt.Errorf error is not marked stackless")
	}
	if len(d.Frames) == 0 || !strings.Contains(d.Frames[0].Func, "core_test.TestDevErrorJSONFields") ||
		!strings.HasSuffix(d.Frames[0].File, "dev_format_test.go") || d.Frames[0].Line == 0 {
		t.Errorf("frames start at %+v, want the Func that returned the error", d.Frames)
	}

	_, _, body = devRequest(t, func(w http.ResponseWriter, r *http.Request) (any, error) {
		panic("dev panic")
	}, "application/json")
	d = decodeDevError(t, body)
	if d.Panic == nil || *d.Panic != "dev panic" || d.Type != "string" || d.Chain != nil || d.Stackless != nil {
		t.Errorf("panic: %+v", d)
	}
	if len(d.Frames) == 0 || strings.HasPrefix(d.Frames[0].Func, "runtime.") {
		t.Errorf("panic frames start at %+v, want the panicking function", d.Frames)
	}

	_, _, body = devRequest(t, func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, core.Error(502, "", errors.New("upstream"))
	}, "application/json")
	if d = decodeDevError(t, body); d.Stackless != nil || d.Status != 502 || d.Type != "*core.HTTPError" {
		t.Errorf("core.Error: %+v, want a recorded stack", d)
	}
}

// fsys is a file system with no files.
type fsys struct{}

func (fsys) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func TestDevErrorHTMLCarriesJSON(t *testing.T) {
	devMode(t, true)
	hostile := "</script><script>alert(1)</script>\u2028<!--"
	code, hdr, body := devRequest(t, func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, errors.New(hostile)
	}, "text/html")
	if code != 500 || hdr.Get("X-Micro-Error") != "1" || hdr.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("got %d %v", code, hdr)
	}
	const open = `<script type="application/json" id="micro-error">`
	_, rest, ok := strings.Cut(body, open)
	if !ok {
		t.Fatalf("no data script in the page:\n%s", body)
	}
	data, tail, _ := strings.Cut(rest, "</script>")
	if strings.Contains(tail, "<script") || strings.Count(body, "<script") != 1 {
		t.Errorf("the message broke out of the data script:\n%s", body)
	}
	if d := decodeDevError(t, data); !strings.HasPrefix(d.Stack, hostile) || d.Status != 500 {
		t.Errorf("data = %+v", d)
	}
	for _, want := range []string{"<h1>Internal Server Error</h1>", "*errors.errorString", "&lt;/script&gt;&lt;script&gt;alert(1)"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
}

func TestDevErrorTextIsClean(t *testing.T) {
	devMode(t, true)
	_, hdr, body := devRequest(t, func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, errors.New("red \x1b[31malert\x1b[0m \xff\xfe")
	}, "text/plain")
	if hdr.Get("X-Micro-Error") != "1" {
		t.Error("no X-Micro-Error on the text response")
	}
	if !strings.HasPrefix(body, "Internal Server Error\n\nred \\x1b[31malert\\x1b[0m \uFFFD\uFFFD\n") || !strings.HasSuffix(body, "\n") {
		t.Errorf("body = %q", body)
	}
	if strings.ContainsRune(body, 0x1b) {
		t.Error("a raw ESC reaches the terminal")
	}
}

// A client error's cause is logged in development mode; the body stays
// the message clients parse.
func TestDevClientErrorLogsCause(t *testing.T) {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, core.Error(418, "teapot", errors.New("kettle is cold"))
	})
	for _, dev := range []bool{true, false} {
		devMode(t, dev)
		stop := captureStderr(t)
		code, hdr, body := devRequest(t, h, "text/html")
		logged := stop()
		if code != 418 || body != "teapot" || hdr.Get("X-Micro-Error") != "" {
			t.Errorf("dev %v: got %d %q %v, want 418 teapot", dev, code, body, hdr)
		}
		if got := strings.Contains(logged, "kettle is cold") && strings.Contains(logged, "dev_format_test.go"); got != dev {
			t.Errorf("dev %v: cause and stack logged = %v:\n%s", dev, got, logged)
		}
	}
}
