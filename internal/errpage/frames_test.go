package errpage

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestUserFrame(t *testing.T) {
	t.Parallel()
	root := filepath.FromSlash("/home/u/shop")
	gosrc := goSrc()
	for _, tc := range []struct {
		name string
		f    Frame
		root string
		want bool
	}{
		{"in the module", Frame{Func: "shop/app.Handler", File: "/home/u/shop/app/h.go"}, root, true},
		{"module root itself", Frame{Func: "main.main", File: "/home/u/shop/main.go"}, root, true},
		{"sibling with a common prefix", Frame{Func: "x.F", File: "/home/u/shopping/x.go"}, root, false},
		{"vendored", Frame{Func: "github.com/x/y.F", File: "/home/u/shop/vendor/github.com/x/y/y.go"}, root, false},
		{"micro core, even in the module", Frame{Func: "github.com/seed-1b2dc2de/micro/core.Func.ServeHTTP", File: "/home/u/shop/core/func.go"}, root, false},
		{"micro internal", Frame{Func: "github.com/seed-1b2dc2de/micro/internal/errpage.F", File: "/home/u/shop/x.go"}, root, false},
		{"relative path (-trimpath)", Frame{Func: "shop/app.F", File: "shop/app/h.go"}, "", false},
		{"standard library", Frame{Func: "net/http.HandlerFunc.ServeHTTP", File: filepath.Join(gosrc, "net/http/server.go")}, "", gosrc == ""},
		{"module cache", Frame{Func: "github.com/x/y.F", File: filepath.Join(modCache(), "github.com/x/y@v1.0.0/y.go")}, "", false},
		{"some module cache", Frame{Func: "github.com/x/y.F", File: "/opt/gopath/pkg/mod/github.com/x/y@v1.0.0/y.go"}, "", false},
		{"elsewhere without a root", Frame{Func: "shop/app.F", File: "/home/u/shop/app/h.go"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := userFrame(tc.f, tc.root); got != tc.want {
				t.Errorf("userFrame(%+v, %q) = %v, want %v", tc.f, tc.root, got, tc.want)
			}
		})
	}
}

// TestRealStack classifies the paths of a stack this test really has: this
// file is the user's code, the testing package and the runtime are not.
// (By its name this function is micro's own, a library frame: the names
// are replaced to look at the paths alone.)
func TestRealStack(t *testing.T) {
	t.Parallel()
	pcs := make([]uintptr, 32)
	frames := framesFromPCs(pcs[:runtime.Callers(1, pcs)])
	if len(frames) < 2 {
		t.Fatalf("got %d frames", len(frames))
	}
	if !strings.HasSuffix(frames[0].Func, ".TestRealStack") || filepath.Base(frames[0].File) != "frames_test.go" || frames[0].Line == 0 {
		t.Errorf("first frame is %+v, want this test", frames[0])
	}
	for _, root := range []string{"", abs(t, ".")} {
		for _, f := range frames {
			want := strings.HasSuffix(f.Func, ".TestRealStack")
			g := f
			g.Func = "example.com/app.F"
			if got := userFrame(g, root); got != want {
				t.Errorf("root %q: userFrame(%s at %s) = %v, want %v", root, f.Func, f.File, got, want)
			}
			if microFunc(f.Func) && userFrame(f, root) {
				t.Errorf("root %q: micro's own %s is user code", root, f.Func)
			}
		}
	}
}

func TestSplitFunc(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, pkg, name string }{
		{"github.com/a/b.(*T).M", "github.com/a/b", "(*T).M"},
		{"github.com/a/b.v2.F", "github.com/a/b", "v2.F"},
		{"gopkg.in/yaml.v3.Unmarshal", "gopkg.in/yaml", "v3.Unmarshal"},
		{"main.main.func1", "main", "main.func1"},
		{"runtime.gopanic", "runtime", "gopanic"},
		{"nodot", "", "nodot"},
		{"", "", ""},
	} {
		pkg, name := splitFunc(tc.in)
		if pkg != tc.pkg || name != tc.name {
			t.Errorf("splitFunc(%q) = %q, %q; want %q, %q", tc.in, pkg, name, tc.pkg, tc.name)
		}
	}
}

func TestShortPath(t *testing.T) {
	t.Parallel()
	gosrc := goSrc()
	if gosrc == "" {
		t.Skip("built with -trimpath")
	}
	for _, tc := range []struct{ file, root, want string }{
		{"/home/u/shop/app/h.go", "/home/u/shop", "app/h.go"},
		{filepath.Join(gosrc, "net/http/server.go"), "/home/u/shop", "net/http/server.go"},
		{filepath.Join(modCache(), "github.com/x/y@v1.0.0/y.go"), "/home/u/shop", "github.com/x/y@v1.0.0/y.go"},
		{"/elsewhere/x.go", "/home/u/shop", "/elsewhere/x.go"},
		{abs(t, "testdata/app/store.go"), "", "testdata/app/store.go"}, // relative to the working directory
	} {
		if got := shortPath(filepath.FromSlash(tc.file), filepath.FromSlash(tc.root)); got != tc.want {
			t.Errorf("shortPath(%q, %q) = %q, want %q", tc.file, tc.root, got, tc.want)
		}
	}
}

// framesFromPCs turns program counters from runtime.Callers into frames,
// as core does for the pages.
func framesFromPCs(pcs []uintptr) []Frame {
	var out []Frame
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		out = append(out, Frame{Func: f.Function, File: f.File, Line: f.Line})
		if !more {
			return out
		}
	}
}
