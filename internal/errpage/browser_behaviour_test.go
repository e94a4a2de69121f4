//go:build unix

package errpage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/browser"
)

// TestBrowserBehaviour drives the page's script in Chromium at phone width:
// a long message is clamped with a "Show all" that lifts the clamp, a
// masked header shows its value on a click, and a snippet whose caret is
// far right is scrolled to it.
func TestBrowserBehaviour(t *testing.T) {
	chrome := chromium(t)
	t.Setenv("MICRO_EDITOR", "")
	pages := map[string]*Page{}
	dir := t.TempDir()
	for _, f := range fixtures(t, dir) {
		pages[f.name] = &f.page
	}
	// Line 7 of the hostile file is 300 characters long.
	pages["far"] = &Page{Kind: Compile, Diagnostics: []Diagnostic{
		{File: filepath.Join(dir, `we"ird <dir>#1`, "hostile.go"), Line: 7, Col: 251, Message: "far right"},
	}}
	srv := serve(t, pages)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	open := func(name string) *browser.Session {
		t.Helper()
		s, err := browser.Open(ctx, chrome, srv.URL+"/pages/"+name, browser.Options{Width: 420, Height: 900})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		if err := s.Wait(ctx, "document.readyState === 'complete' && !!document.getElementById('micro-head')"); err != nil {
			t.Fatal(err)
		}
		return s
	}

	clampAndShowAll(ctx, t, open("stackless"))
	revealSecret(ctx, t, open("runtime"))
	caretInView(ctx, t, open("far"))
}

// clampAndShowAll: a 5,000-character message leaves the stack on the first
// screen, and "Show all" lifts the clamp.
func clampAndShowAll(ctx context.Context, t *testing.T, s *browser.Session) {
	t.Helper()
	var got struct {
		Head, Stack float64
		Shown       bool
	}
	const measure = `({Head: document.getElementById('micro-head').getBoundingClientRect().height,
		Stack: document.querySelector('.stack').getBoundingClientRect().top,
		Shown: !document.getElementById('micro-more').hidden})`
	if err := s.Eval(ctx, measure, &got); err != nil {
		t.Fatal(err)
	}
	if !got.Shown || got.Stack > 900 {
		t.Errorf("a 5,000-character message: Show all shown %v, stack starts at %.0fpx of a 900px screen", got.Shown, got.Stack)
	}
	clamped := got.Head
	if err := s.Eval(ctx, "document.getElementById('micro-more').click(); true", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Eval(ctx, measure, &got); err != nil {
		t.Fatal(err)
	}
	if got.Head < 4*clamped {
		t.Errorf("Show all: the headline grew from %.0fpx to %.0fpx only", clamped, got.Head)
	}
}

// revealSecret: a masked header shows its value on a click only.
func revealSecret(ctx context.Context, t *testing.T, s *browser.Session) {
	t.Helper()
	var revealed struct{ Before, After bool }
	const reveal = `(() => {
		const td = [...document.querySelectorAll('td.secret')].find(td => td.textContent.includes('Bearer'));
		const val = td.querySelector('.val');
		const before = val.offsetParent !== null;
		td.querySelector('.reveal').click();
		return {Before: before, After: val.offsetParent !== null && val.textContent.includes('eyJhbGci')};
	})()`
	if err := s.Eval(ctx, reveal, &revealed); err != nil {
		t.Fatal(err)
	}
	if revealed.Before || !revealed.After {
		t.Errorf("secret header: visible before the click %v, after %v; want false, true", revealed.Before, revealed.After)
	}
}

// caretInView: at phone width, a snippet is scrolled to its far-right caret.
func caretInView(ctx context.Context, t *testing.T, s *browser.Session) {
	t.Helper()
	var caret struct{ Visible bool }
	const visible = `(() => {
		const marks = [...document.querySelectorAll('.mark')];
		const far = marks[marks.length - 1];
		const code = far.closest('.code');
		const m = far.getBoundingClientRect(), c = code.getBoundingClientRect();
		return {Visible: code.scrollLeft > 0 && m.left >= c.left && m.left < c.right};
	})()`
	if err := s.Eval(ctx, visible, &caret); err != nil {
		t.Fatal(err)
	}
	if !caret.Visible {
		t.Error("on a phone, the caret of a far-right column is scrolled out of view")
	}
}
