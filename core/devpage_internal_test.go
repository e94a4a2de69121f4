package core

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

func TestDevPage(t *testing.T) {
	t.Setenv("MICRO_LIVERELOAD", "http://127.0.0.1:3000/__micro/reload")
	req := httptest.NewRequest("POST", "http://example.com/users?id=7", nil)
	req.Header.Set("Accept", "text/html")
	cause := errors.New("db down")
	err := fmt.Errorf("load user: %w", Error(503, "Try later", cause))
	p := devPage(req, 503, "Try later", err, errorStack(err))

	if p.Kind != errpage.Runtime || p.Status != 503 || p.Title != "Try later" || p.Message != "load user: Try later: db down" {
		t.Errorf("page = %+v", p)
	}
	if p.LiveReload != "http://127.0.0.1:3000/__micro/reload" {
		t.Errorf("LiveReload = %q, want MICRO_LIVERELOAD", p.LiveReload)
	}
	if want := []string{"load user: Try later: db down", "Try later: db down", "db down"}; strings.Join(p.Chain, "|") != strings.Join(want, "|") {
		t.Errorf("Chain = %q, want %q", p.Chain, want)
	}
	if p.Request == nil || p.Request.Method != "POST" || p.Request.URL != "http://example.com/users?id=7" || p.Request.Header.Get("Accept") != "text/html" {
		t.Errorf("Request = %+v", p.Request)
	}
	if len(p.Frames) == 0 || !strings.HasSuffix(p.Frames[0].Func, "core.TestDevPage") {
		t.Errorf("Frames start at %+v, want the caller of Error", p.Frames)
	}

	pe := &panicError{value: "boom", pcs: callers(1)}
	if p := devPage(req, 500, "Internal Server Error", pe, pe.pcs); p.Panic != "boom" || p.Message != "panic: boom" || p.Chain != nil {
		t.Errorf("panic page: Panic %q, Message %q, Chain %q (the panic is shown once)", p.Panic, p.Message, p.Chain)
	}
	wrapped := &panicError{value: fmt.Errorf("save: %w", cause), pcs: callers(1)}
	if p := devPage(req, 500, "Internal Server Error", wrapped, wrapped.pcs); strings.Join(p.Chain, "|") != "save: db down|db down" {
		t.Errorf("a panicked error's chain: %q, want its own levels only", p.Chain)
	}
	if p := devPage(req, 500, "Internal Server Error", cause, nil); p.Chain != nil {
		t.Errorf("a chain of one repeats the message: %q", p.Chain)
	}
}

func TestPreferredFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		accept string
		want   format
	}{
		{"", formatText},
		{"*/*", formatText},
		{"text/html", formatHTML},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", formatHTML},
		{"application/json", formatJSON},
		{"application/vnd.api+json", formatJSON},
		{"application/json, text/html", formatJSON},
		{"text/html;q=0.1, application/json", formatJSON},
		{"text/html;q=0, text/plain", formatText},
		{"TEXT/HTML", formatHTML},
		{"text/plain", formatText},
		{"application/json;q=bad", formatText},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept", tt.accept)
		if got := preferredFormat(req); got != tt.want {
			t.Errorf("Accept %q: format %d, want %d", tt.accept, got, tt.want)
		}
	}
}
