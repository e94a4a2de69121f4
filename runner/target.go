package runner

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strings"
)

// Target is a package to build and run, resolved once.
type Target struct {
	Pattern    string // as the user gave it ("." by default)
	Dir        string // absolute package directory
	ImportPath string
	Name       string // package name
	ModuleRoot string // absolute directory holding the go.mod the build runs in
	ModulePath string
	Main       bool // a main package: built as is, no generated main
	// Tags are the build tags given to ResolveTags: those of go build's
	// -tags (and "race" for -race), which replace the -tags of GOFLAGS.
	Tags []string
}

// Resolve finds the package a pattern names and checks that micro can serve
// it: a main package, or a package exporting a Handler value.
//
// A directory pattern ("." "./api" "../x" "/abs") is resolved without running
// the go command, so that micro starts fast: go.mod is read upward from the
// directory, go/build lists the files (honouring build constraints) and
// go/parser finds the top-level Handler. An import path inside the module of
// the current directory is mapped to its directory the same way; any other
// import path is looked up with `go list`.
//
// Whether Handler's value has a shape core.Adapt takes is only known for
// sure once the program runs (a var's type needs the type checker); Resolve
// rejects what it can see is wrong (a type, a constant, a literal, a func of
// another signature) and the generated main reports the rest.
func Resolve(ctx context.Context, pattern string) (*Target, error) {
	return ResolveTags(ctx, pattern, nil)
}

// ResolveTags is Resolve for a build with tags of its own (go build -tags,
// or -race), so that it sees the files the build compiles. nil: those of
// GOFLAGS.
func ResolveTags(ctx context.Context, pattern string, tags []string) (*Target, error) {
	if pattern == "" {
		pattern = "."
	}
	if strings.Contains(pattern, "...") {
		return nil, fmt.Errorf("%s matches several packages: micro serves one package, give its directory or import path", pattern)
	}
	if isDirPattern(pattern) {
		dir, err := filepath.Abs(pattern)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", pattern, err)
		}
		return resolveDir(pattern, dir, nil, tags)
	}
	return resolveImportPath(ctx, pattern, tags)
}

// isDirPattern reports whether the go command would read pattern as a
// directory rather than an import path.
func isDirPattern(p string) bool {
	if p == "." || p == ".." || filepath.IsAbs(p) {
		return true
	}
	for _, prefix := range []string{"./", "../", "." + string(filepath.Separator), ".." + string(filepath.Separator)} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// resolveDir resolves the package in dir. mod, when not nil, is the module
// the build must run in (a package of a dependency built by the main
// module); otherwise it is the module holding dir.
func resolveDir(pattern, dir string, mod *module, tags []string) (*Target, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("no such package %s: directory %s does not exist", pattern, dir)
	case err != nil:
		return nil, fmt.Errorf("no such package %s: %w", pattern, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("%s is a file, not a package directory: give micro the directory of the package", pattern)
	}

	own, err := findModule(dir)
	if err != nil {
		return nil, err
	}
	if mod == nil {
		mod = own
	}
	ctxt := buildContext(os.Getenv("GOFLAGS"))
	if tags != nil {
		ctxt.BuildTags = tags
	}
	pkg, err := ctxt.ImportDir(dir, 0)
	if err == nil && len(pkg.GoFiles)+len(pkg.CgoFiles) == 0 {
		// Test files only: go/build finds a package, go build nothing.
		err = &build.NoGoError{Dir: dir}
	}
	if err != nil {
		return nil, packageError(pattern, dir, err)
	}
	t := &Target{
		Pattern:    pattern,
		Dir:        dir,
		ImportPath: own.importPath(dir),
		Name:       pkg.Name,
		ModuleRoot: mod.root,
		ModulePath: mod.path,
		Main:       pkg.IsCommand(),
		Tags:       tags,
	}
	if t.Main {
		return t, nil
	}
	files := make([]string, 0, len(pkg.GoFiles)+len(pkg.CgoFiles))
	for _, f := range append(pkg.GoFiles, pkg.CgoFiles...) {
		files = append(files, filepath.Join(dir, f))
	}
	if err := checkHandler(t, files); err != nil {
		return nil, err
	}
	return t, nil
}

// packageError turns a go/build error into what the user should do.
func packageError(pattern, dir string, err error) error {
	var noGo *build.NoGoError
	if errors.As(err, &noGo) {
		return fmt.Errorf("no Go files to build in %s (%s): give micro the directory of a package that exports Handler", pattern, dir)
	}
	var multi *build.MultiplePackageError
	if errors.As(err, &multi) {
		return fmt.Errorf("%s holds files of several packages (%s): keep one package per directory", pattern, strings.Join(multi.Packages, ", "))
	}
	return fmt.Errorf("read package %s: %w", pattern, err)
}

// display is how errors name a target: its package name and the pattern
// the user gave.
func (t *Target) display() string {
	if !isDirPattern(t.Pattern) {
		return "package " + t.Pattern
	}
	return fmt.Sprintf("package %s (%s)", t.Name, t.Pattern)
}

// buildContext is go/build's default context with the build tags the go
// command will use: those of -tags in GOFLAGS, so that Resolve sees the
// same files as go build. GOFLAGS holds only -flag=value entries.
func buildContext(goflags string) *build.Context {
	ctxt := build.Default
	for _, f := range strings.Fields(goflags) {
		name, value, ok := strings.Cut(strings.TrimPrefix(f, "-"), "=")
		if ok && (name == "tags" || name == "-tags") {
			ctxt.BuildTags = strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' })
		}
	}
	return &ctxt
}
