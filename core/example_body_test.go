package core_test

// Examples of the body readers and their options.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/seed-1b2dc2de/micro/core"
)

func ExampleBuffer() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		b, err := core.Buffer(r)
		if err != nil {
			return nil, err
		}
		return fmt.Sprintf("%d bytes", len(b)), nil
	})
	show(h, httptest.NewRequest("POST", "/", strings.NewReader("\x00\x01\x02")))
	// Output:
	// 200 text/plain; charset=utf-8
	// 3 bytes
}

func ExampleText() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Text(r) // an echo
	})
	req := httptest.NewRequest("POST", "/", strings.NewReader("caf\xe9"))
	req.Header.Set("Content-Type", "text/plain; charset=iso-8859-1")
	show(h, req)
	// Output:
	// 200 text/plain; charset=utf-8
	// café
}

func ExampleJSON() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		var in struct{ Name string }
		if err := core.JSON(r, &in); err != nil {
			return nil, err
		}
		return map[string]string{"hello": in.Name}, nil
	})
	show(h, httptest.NewRequest("POST", "/", strings.NewReader(`{"Name":"Ada"}`)))
	show(h, httptest.NewRequest("POST", "/", strings.NewReader(`{"Name":`)))
	// Output:
	// 200 application/json; charset=utf-8
	// {"hello":"Ada"}
	// 400 text/plain; charset=utf-8
	// Invalid JSON
}

func ExampleLimit() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.Text(r, core.Limit("8b"))
	})
	show(h, httptest.NewRequest("POST", "/", strings.NewReader("short")))
	show(h, httptest.NewRequest("POST", "/", strings.NewReader("rather too long")))
	// Output:
	// 200 text/plain; charset=utf-8
	// short
	// 413 text/plain; charset=utf-8
	// Body exceeded 8b limit
}

func ExampleEncoding() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		// This client sends latin1 but does not say so.
		return core.Text(r, core.Encoding("latin1"))
	})
	show(h, httptest.NewRequest("POST", "/", strings.NewReader("\xa3100")))
	// Output:
	// 200 text/plain; charset=utf-8
	// £100
}

func ExampleBodyOption() {
	opts := []core.BodyOption{core.Limit("64kb"), core.Encoding("utf-8")}
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		var v []int
		return v, core.JSON(r, &v, opts...)
	})
	show(h, httptest.NewRequest("POST", "/", strings.NewReader("[1, 2, 3]")))
	// Output:
	// 200 application/json; charset=utf-8
	// [1,2,3]
}
