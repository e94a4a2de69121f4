package watcher

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestHoldAbsorb checks what a --before command needs: what it writes
// between Hold and Absorb is taken in without a change being delivered,
// Absorb says whether a build file changed, a rewrite with the same bytes
// counts as no change, and a save below an Extra path during the hold is
// still delivered.
func TestHoldAbsorb(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name string
		poll bool
	}{{"fsnotify", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			root := fixture(t)
			h := start(t, root, Config{Poll: mode.poll, Extra: []string{root + "/web"}})
			ctx := context.Background()
			absorb := func(want bool) {
				t.Helper()
				got, err := h.w.Absorb(ctx)
				if err != nil || got != want {
					t.Fatalf("Absorb = %v, %v; want %v", got, err, want)
				}
			}
			absorb(false) // nothing changed since New

			// A generator writes a build file and a new Go file, and
			// rewrites an embedded file with the same bytes.
			if err := h.w.Hold(ctx); err != nil {
				t.Fatal(err)
			}
			h.bumpA(false)
			h.write("a/gen.go", "package a\n\nconst Gen = 1\n")
			h.write("b/data.txt", "v0\n")
			// The user saves a generator's source meanwhile: delivered.
			h.bump("web/index.html")
			got := h.waitFor("web/index.html")
			h.assertNone(got, "a/a.go", "a/gen.go", "b/data.txt")
			absorb(true)

			// Nothing of the hold is delivered afterwards.
			h.bump("web/index.html")
			got = h.waitFor("web/index.html")
			h.assertNone(got, "a/a.go", "a/gen.go", "b/data.txt")
			absorb(false)

			// Same bytes again under a hold: no change at all.
			if err := h.w.Hold(ctx); err != nil {
				t.Fatal(err)
			}
			h.write("a/gen.go", "package a\n\nconst Gen = 1\n")
			absorb(false)

			// An edit delivered as usual still counts for the next Absorb.
			h.bumpA(false)
			h.waitFor("a/a.go")
			absorb(true)
			absorb(false)
		})
	}
}

// TestHoldStopped checks that Hold and Absorb return once Run has.
func TestHoldStopped(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	w, err := New(context.Background(), Config{Dir: root, Packages: []string{"./a"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Hold(context.Background()); !errors.Is(err, errStopped) {
		t.Errorf("Hold after Run = %v, want %v", err, errStopped)
	}
	if _, err := w.Absorb(context.Background()); !errors.Is(err, errStopped) {
		t.Errorf("Absorb after Run = %v, want %v", err, errStopped)
	}
}

// TestBuildFlagsSelectFiles checks that the build flags reach go list: a
// file behind a build tag is watched only with that tag.
func TestBuildFlagsSelectFiles(t *testing.T) {
	t.Parallel()
	root := fixture(t)
	mustWrite(t, root+"/a/dev.go", "//go:build dev\n\npackage a\n")
	for _, tc := range []struct {
		flags []string
		want  bool
	}{{nil, false}, {[]string{"-tags=dev"}, true}} {
		h := start(t, root, Config{BuildFlags: tc.flags})
		if got := slices.Contains(h.w.Files(), root+"/a/dev.go"); got != tc.want {
			t.Errorf("flags %v: a/dev.go watched = %v, want %v", tc.flags, got, tc.want)
		}
	}
}
