package core

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

func TestNewDevError(t *testing.T) {
	t.Parallel()
	cause := &fs.PathError{Op: "open", Path: "/etc/app.conf", Err: fs.ErrNotExist}
	err := fmt.Errorf("load user: %w", Error(503, "Try later", cause))
	d := newDevError(503, "Try later", err, errorStack(err), false)
	if d.Status != 503 || d.Message != "Try later" || d.Type != "*fmt.wrapError" || d.Panic != nil || d.Stackless {
		t.Errorf("devError = %+v", d)
	}
	var got []string
	for _, l := range d.Chain {
		got = append(got, l.Type+"="+l.Message)
	}
	want := []string{
		"*fmt.wrapError=load user: Try later: open /etc/app.conf: file does not exist",
		"*core.HTTPError=Try later: open /etc/app.conf: file does not exist",
		"*fs.PathError=open /etc/app.conf: file does not exist",
		"*errors.errorString=file does not exist",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Chain = %q, want %q", got, want)
	}
	if len(d.Frames) == 0 || !strings.HasSuffix(d.Frames[0].Func, "core.TestNewDevError") || d.Frames[0].Line == 0 {
		t.Errorf("Frames start at %+v, want the caller of Error", d.Frames)
	}
	if !strings.HasPrefix(d.Stack, err.Error()+"\n\n") {
		t.Errorf("Stack = %q, want the error's text first", d.Stack)
	}

	pe := &panicError{value: "boom", pcs: callers(1)}
	if d := newDevError(500, "Internal Server Error", pe, pe.pcs, false); d.Panic == nil || *d.Panic != "boom" || d.Type != "string" || d.Chain != nil {
		t.Errorf("panic: Panic %v, Type %q, Chain %q (the panic is shown once)", d.Panic, d.Type, d.Chain)
	}
	plain := errors.New("db down")
	if d := newDevError(500, "Internal Server Error", &panicError{value: plain}, nil, false); d.Chain != nil || d.Type != "*errors.errorString" {
		t.Errorf("panic(err): Chain %q, Type %q: the chain would repeat the panic", d.Chain, d.Type)
	}
	wrapped := &panicError{value: fmt.Errorf("save: %w", plain)}
	if d := newDevError(500, "Internal Server Error", wrapped, nil, false); len(d.Chain) != 2 || d.Chain[0].Message != "save: db down" {
		t.Errorf("a panicked error's chain: %+v, want its own levels only", d.Chain)
	}
	if d := newDevError(500, "Internal Server Error", plain, nil, true); d.Chain != nil || !d.Stackless {
		t.Errorf("errors.New: Chain %q, Stackless %v", d.Chain, d.Stackless)
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":                "plain\n",
		"ends\n":               "ends\n",
		"a\x1b[31mred\x1b[0m":  `a\x1b[31mred\x1b[0m` + "\n",
		"tab\there\r\n":        "tab\there\\r\n",
		"bad \xff utf8":        "bad \uFFFD utf8\n",
		"c1 \u009b2J del \x7f": `c1 \u009b2J del \x7f` + "\n",
		"":                     "\n",
		"日本語 ok\n\nstack\n\tx": "日本語 ok\n\nstack\n\tx\n",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeHTML(t *testing.T) {
	t.Parallel()
	if got, want := escapeHTML(`<a href="x">'&'</a>`+"\xff"), "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD"; got != want {
		t.Errorf("escapeHTML = %q, want %q", got, want)
	}
}
