package core_test

// Body size limits: Limit, the 1mb default, declared and undeclared lengths.

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 1<<20+1)
	tests := []struct {
		name    string
		body    string
		chunked bool
		opts    []core.BodyOption
		wantMsg string // "" means no error
	}{
		{"below default", "hello", false, nil, ""},
		{"exactly the limit", "abc", false, []core.BodyOption{core.Limit("3")}, ""},
		{"exactly the limit, chunked", "abc", true, []core.BodyOption{core.Limit("3b")}, ""},
		{"over, declared", "abcd", false, []core.BodyOption{core.Limit("3")}, "Body exceeded 3 limit"},
		{"over, chunked", "abcd", true, []core.BodyOption{core.Limit("3")}, "Body exceeded 3 limit"},
		{"over the default", big, false, nil, "Body exceeded 1mb limit"},
		{"over the default, chunked", big, true, nil, "Body exceeded 1mb limit"},
		{"limit as written", strings.Repeat("x", 2000), false, []core.BodyOption{core.Limit("1KB")}, "Body exceeded 1KB limit"},
		{"limit zero", "a", false, []core.BodyOption{core.Limit("0")}, "Body exceeded 0 limit"},
		{"empty under limit zero", "", false, []core.BodyOption{core.Limit("0")}, ""},
		{"last option wins", "abcd", false, []core.BodyOption{core.Limit("3"), core.Limit("4")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			length := int64(len(tt.body))
			if tt.chunked {
				length = -1
			}
			b, err := core.Buffer(bodyRequest(t, strings.NewReader(tt.body), length, ""), tt.opts...)
			if tt.wantMsg != "" {
				wantHTTPError(t, err, 413, tt.wantMsg)
				return
			}
			if err != nil || string(b) != tt.body {
				t.Errorf("Buffer = %d bytes, %v; want the body", len(b), err)
			}
		})
	}
}

// A declared Content-Length over the limit is refused without reading.
func TestBodyLimitDeclaredNotRead(t *testing.T) {
	t.Parallel()
	body := &readCounter{r: strings.NewReader(strings.Repeat("x", 100))}
	_, err := core.Buffer(bodyRequest(t, body, 100, ""), core.Limit("10"))
	wantHTTPError(t, err, 413, "Body exceeded 10 limit")
	if body.reads != 0 {
		t.Errorf("the body was read %d times", body.reads)
	}
}

// A limit set around the body by other code is reported as a 413 too.
func TestBodyMaxBytesReader(t *testing.T) {
	t.Parallel()
	h := http.MaxBytesHandler(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Buffer(r)
	}), 5)
	req := bodyRequest(t, strings.NewReader("0123456789"), -1, "")
	rec := record(h, req)
	if rec.Code != 413 || rec.Body.String() != "Body exceeded 5 limit" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestBodyBadLimit(t *testing.T) {
	t.Parallel()
	_, err := core.Buffer(bodyRequest(t, strings.NewReader("x"), 1, ""), core.Limit("lots"))
	var he *core.HTTPError
	if err == nil || errors.As(err, &he) {
		t.Errorf("err = %v; want a plain error (a 500: the bug is the handler's)", err)
	}
}

// A body refused for its size can still be read with a larger limit.
func TestBodyOverLimitThenLarger(t *testing.T) {
	t.Parallel()
	req := bodyRequest(t, strings.NewReader("0123456789"), -1, "")
	_, err := core.Buffer(req, core.Limit("4"))
	wantHTTPError(t, err, 413, "Body exceeded 4 limit")
	b, err := core.Buffer(req, core.Limit("1kb"))
	if err != nil || string(b) != "0123456789" {
		t.Errorf("Buffer = %q, %v; want the whole body", b, err)
	}
}
