package core_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

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

func ExampleParseSize() {
	for _, s := range []string{"1mb", "512kb", "10b", "1gb", "2048", "1.5KB", "lots"} {
		n, err := core.ParseSize(s)
		fmt.Println(s, n, err)
	}
	// Output:
	// 1mb 1048576 <nil>
	// 512kb 524288 <nil>
	// 10b 10 <nil>
	// 1gb 1073741824 <nil>
	// 2048 2048 <nil>
	// 1.5KB 1536 <nil>
	// lots 0 invalid size "lots": want a number of bytes with an optional unit b, kb, mb or gb, like "1mb"
}

func ExampleDev() {
	if core.Dev() {
		fmt.Println("development: stacks in error responses, indented JSON")
	} else {
		fmt.Println("production")
	}
	// Output:
	// production
}

func ExampleSetDev() {
	core.SetDev(true)
	defer core.SetDev(false)
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return map[string]string{"woot": "yes"}, nil
	})
	show(h, httptest.NewRequest("GET", "/", nil))
	// Output:
	// 200 application/json; charset=utf-8
	// {
	//   "woot": "yes"
	// }
}

func ExampleParseEndpoint() {
	for _, e := range []string{"tcp://localhost:8080", "tcp://0.0.0.0", "unix:/tmp/micro.sock", "3000", "foobar://x"} {
		network, address, err := core.ParseEndpoint(e)
		fmt.Printf("%s -> %s %q %v\n", e, network, address, err)
	}
	// Output:
	// tcp://localhost:8080 -> tcp "localhost:8080" <nil>
	// tcp://0.0.0.0 -> tcp "0.0.0.0:3000" <nil>
	// unix:/tmp/micro.sock -> unix "/tmp/micro.sock" <nil>
	// 3000 -> tcp ":3000" <nil>
	// foobar://x ->  "" Unknown --listen endpoint scheme (protocol): foobar:
}

func ExampleServe() {
	dir, err := os.MkdirTemp("", "micro")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "hello.sock")

	// Serve until ctx ends; a program would end it on SIGINT or SIGTERM
	// with signal.NotifyContext.
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- core.Serve(ctx, core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return "Welcome to Micro", nil
		}), "unix:"+sock)
	}()

	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
	for deadline := time.Now().Add(30 * time.Second); ; {
		res, err := client.Get("http://micro/")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			fmt.Println(string(body))
			break
		}
		if time.Now().After(deadline) {
			fmt.Println(err)
			break
		}
		time.Sleep(10 * time.Millisecond) // poll until the server is up
	}
	stop()
	fmt.Println(<-done)
	// Output:
	// Welcome to Micro
	// <nil>
}
