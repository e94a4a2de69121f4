//go:build windows

package core

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestServeNamedPipe(t *testing.T) {
	name := fmt.Sprintf(`\\.\pipe\micro-test-%d`, os.Getpid())
	s := startServe(t, hello, nil, "pipe:"+name)
	if s.urls[0] != "pipe:"+name {
		t.Errorf("logged %q", s.urls[0])
	}
	for i := range 3 { // one connection each, so Accept runs again
		var f *os.File
		var err error
		for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
			if f, err = os.OpenFile(name, os.O_RDWR, 0); err == nil || time.Now().After(deadline) {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(f, "GET / HTTP/1.1\r\nHost: pipe\r\nConnection: close\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(f), nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || strings.TrimSpace(string(body)) != "hello" {
			t.Errorf("request %d: %d %q", i, res.StatusCode, body)
		}
		_ = f.Close()
	}
	if err := s.stop(t); err != nil {
		t.Errorf("serve = %v", err)
	}
	// Once the first server is gone, the name can be served again.
	s2 := startServe(t, hello, nil, "pipe:"+name)
	if err := s2.stop(t); err != nil {
		t.Errorf("second serve = %v", err)
	}
}
