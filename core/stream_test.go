package core_test

// io.Reader replies: closing, flushing, and failing before or after the start.

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

// A reader is closed after it is sent, and also when it fails.
func TestReaderClosed(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		r          io.Reader
		wantStatus int
	}{
		{"ok", strings.NewReader("data"), 200},
		{"fails", errReader{errors.New("boom")}, 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &closeRecorder{Reader: tt.r}
			rec := record(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return c, nil }),
				mustRequest(t, "GET", "/", ""))
			if rec.Code != tt.wantStatus || !c.closed {
				t.Errorf("status %d, closed %v; want %d, true", rec.Code, c.closed, tt.wantStatus)
			}
		})
	}
}

// A stream that fails after its first bytes aborts the connection: the
// client must see a broken response, not a short complete one.
func TestStreamErrorAfterStartAborts(t *testing.T) {
	t.Parallel()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return io.MultiReader(strings.NewReader("partial"), errReader{errors.New("disk gone")}), nil
	})
	res, err := http.Get(serve(t, h))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil {
		t.Errorf("read a whole body %q; want the connection aborted", body)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(string(body), "partial") {
		t.Errorf("got %d %q, want 200 and the bytes before the failure", res.StatusCode, body)
	}
}

// A live stream reaches the client as it is produced, not at its end.
func TestStreamIsFlushed(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) { return pr, nil })
	url := serve(t, h)
	t.Cleanup(func() { _ = pw.Close() })
	// The headers wait for the first bytes; the stream then stays open.
	go func() { _, _ = io.WriteString(pw, "first\n") }()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("read %q, %v; want the first line before the stream ends", line, err)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }
