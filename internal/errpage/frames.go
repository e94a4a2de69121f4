package errpage

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// The module of micro itself: its frames are plumbing around the user's
// handler even when micro is the module being developed.
const microModule = "github.com/seed-1b2dc2de/micro/"

// microFunc reports whether fn belongs to micro's core or internal packages.
func microFunc(fn string) bool {
	return strings.HasPrefix(fn, microModule+"core.") ||
		strings.HasPrefix(fn, microModule+"internal/")
}

// goSrc is $GOROOT/src as this binary was built, found from the file of a
// standard library function. runtime.GOROOT is deprecated, and the
// environment may name another toolchain than the one that built us.
var goSrc = sync.OnceValue(func() string {
	fn := runtime.FuncForPC(reflect.ValueOf(strings.Cut).Pointer())
	if fn == nil {
		return ""
	}
	file, _ := fn.FileLine(fn.Entry())
	dir, ok := strings.CutSuffix(filepath.ToSlash(file), "/strings/strings.go")
	if !ok || !filepath.IsAbs(file) {
		return "" // built with -trimpath: standard library paths are relative
	}
	return filepath.FromSlash(dir)
})

// modCache is the module cache directory, where dependencies live.
var modCache = sync.OnceValue(func() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		gopath = filepath.Join(home, "go")
	}
	first, _, _ := strings.Cut(gopath, string(os.PathListSeparator))
	return filepath.Join(first, "pkg", "mod")
})

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	if dir == "" || path == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// userFrame reports whether f is the user's code, shown with its source;
// other frames (standard library, dependencies, micro) collapse.
func userFrame(f Frame, root string) bool {
	if microFunc(f.Func) || !filepath.IsAbs(f.File) {
		return false
	}
	if root != "" {
		return within(root, f.File) && !within(filepath.Join(root, "vendor"), f.File)
	}
	if within(goSrc(), f.File) || within(modCache(), f.File) {
		return false
	}
	return !strings.Contains(filepath.ToSlash(f.File), "/pkg/mod/")
}

// shortPath is how a file is shown: relative to $GOROOT/src, to the module
// cache, or to the module root (without one, to the working directory,
// where micro runs the user's package) when it is in one of them.
func shortPath(file, root string) string {
	if root == "" {
		root, _ = os.Getwd()
	}
	for _, dir := range []string{goSrc(), modCache(), root} {
		if within(dir, file) {
			if rel, err := filepath.Rel(dir, file); err == nil {
				return filepath.ToSlash(rel)
			}
		}
	}
	return file
}

// splitFunc splits a function name into its package path and the rest:
// "github.com/a/b.(*T).M" gives "github.com/a/b" and "(*T).M".
func splitFunc(fn string) (pkg, name string) {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return "", fn
	}
	return fn[:slash+1+dot], fn[slash+1+dot+1:]
}
