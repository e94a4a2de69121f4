package core_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/seed-1b2dc2de/micro/core"
)

// show serves one request on h and prints the response.
func show(h http.Handler, req *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Printf("%d %s\n%s\n", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
}

func ExampleFunc() {
	hello := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return "Welcome to Micro", nil
	})
	show(hello, httptest.NewRequest("GET", "/", nil))
	// Output:
	// 200 text/plain; charset=utf-8
	// Welcome to Micro
}

func ExampleFunc_json() {
	type user struct {
		Name string `json:"name"`
	}
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return []user{{"Ada"}, {"Grace"}}, nil
	})
	show(h, httptest.NewRequest("GET", "/users", nil))
	// Output:
	// 200 application/json; charset=utf-8
	// [{"name":"Ada"},{"name":"Grace"}]
}

func ExampleFunc_noContent() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, nil
	})
	show(h, httptest.NewRequest("DELETE", "/users/7", nil))
	// Output:
	// 204
}

func ExampleAdapt() {
	// The shapes micro serves: a Func, a func returning a value, and any
	// net/http handler.
	for _, handler := range []any{
		func(w http.ResponseWriter, r *http.Request) (any, error) { return "returned", nil },
		func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "written") },
		42,
	} {
		h, err := core.Adapt(handler)
		if err != nil {
			fmt.Println(err)
			continue
		}
		show(h, httptest.NewRequest("GET", "/", nil))
	}
	// Output:
	// 200 text/plain; charset=utf-8
	// returned
	// 200 text/plain; charset=utf-8
	// written
	// cannot serve a handler of type int: want a core.Func, a func(http.ResponseWriter, *http.Request) (any, error), an http.Handler or a func(http.ResponseWriter, *http.Request)
}

func ExampleWithStatus() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return core.WithStatus(http.StatusCreated, map[string]int{"id": 7}), nil
	})
	show(h, httptest.NewRequest("POST", "/users", nil))
	// Output:
	// 201 application/json; charset=utf-8
	// {"id":7}
}

func ExampleSend() {
	// Send answers from a plain net/http handler as a Func would.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := core.Send(w, http.StatusAccepted, []byte("queued")); err != nil {
			core.SendError(w, r, err)
		}
	})
	show(h, httptest.NewRequest("POST", "/jobs", nil))
	// Output:
	// 202 application/octet-stream
	// queued
}

func ExampleSendError() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		core.SendError(w, r, core.Error(http.StatusTeapot, "", nil))
	})
	show(h, httptest.NewRequest("GET", "/coffee", nil))
	// Output:
	// 418 text/plain; charset=utf-8
	// I'm a teapot
}

func ExampleError() {
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if r.URL.Query().Get("id") == "" {
			return nil, core.Error(http.StatusBadRequest, "id is required", nil)
		}
		return "found", nil
	})
	show(h, httptest.NewRequest("GET", "/user", nil))
	// Output:
	// 400 text/plain; charset=utf-8
	// id is required
}

func ExampleHTTPError() {
	err := fmt.Errorf("load user 7: %w", core.Error(http.StatusNotFound, "No such user", os.ErrNotExist))
	var he *core.HTTPError
	if errors.As(err, &he) {
		fmt.Println(he.StatusCode, he.Message)
	}
	fmt.Println(err)
	fmt.Println(errors.Is(err, os.ErrNotExist))
	// Output:
	// 404 No such user
	// load user 7: No such user: file does not exist
	// true
}

func ExampleHTTPError_internal() {
	// A 500 keeps its cause out of the response: it goes to the log (and,
	// in development mode, to the response).
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, fmt.Errorf("load cart: %w", errors.New("connect to 10.0.0.7: refused"))
	})
	show(h, httptest.NewRequest("GET", "/cart", nil))
	// Output:
	// 500 text/plain; charset=utf-8
	// Internal Server Error
}
