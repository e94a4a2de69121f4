package core_test

// Examples of serving: ParseSize, ParseEndpoint, Serve, Dev and SetDev.

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
)

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
