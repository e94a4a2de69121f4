package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// micro-dev's own pages are one line of the log, whatever the client asked
// for: never their HTML, JSON or text.
func TestReqLogOwnPageIsOneLine(t *testing.T) {
	t.Parallel()
	dev, err := devserver.New(devserver.Config{
		Build: func(context.Context, int) (string, error) { return "", errors.New("main.go:1:1: expected 'package'") },
		Start: func(string, string) (devserver.Child, error) { return nil, errors.New("not reached") },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { dev.Run(ctx, nil); close(ran) }()
	defer func() { cancel(); <-ran }()

	var out logBuffer
	h := (&reqLogger{out: &out, limit: 1 << 20}).wrap(dev)
	for _, accept := range []string{"text/html", "application/json", ""} {
		req := httptest.NewRequest("GET", "/page", nil)
		req.Header.Set("Accept", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusInternalServerError || rec.Body.Len() < 20 {
			t.Fatalf("Accept %q: the page was not served: %d %q", accept, rec.Code, rec.Body)
		}
	}
	want := "> #1 GET /page\n< #1 500 build failed [+Xms]\n" +
		"> #2 GET /page\n< #2 500 build failed [+Xms]\n" +
		"> #3 GET /page\n< #3 500 build failed [+Xms]\n"
	if got := out.String(); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
}
