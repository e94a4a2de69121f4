package runner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// module is a Go module on disk: the directory holding go.mod and the
// module path it declares.
type module struct {
	root string
	path string
}

// findModule returns the module holding dir, read from the nearest go.mod
// at or above it, the way the go command finds it (GO111MODULE=off and
// GOPATH mode are not supported).
func findModule(dir string) (*module, error) {
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			p := modulePath(data)
			if p == "" {
				return nil, fmt.Errorf("%s has no module directive: add a line like \"module example.com/app\"", filepath.Join(d, "go.mod"))
			}
			return &module{root: d, path: p}, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("read go.mod: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, fmt.Errorf("%s is not inside a Go module (no go.mod in it or any parent): run \"go mod init <module path>\" and \"go get github.com/seed-1b2dc2de/micro/core\" in the project's root", dir)
		}
		d = parent
	}
}

// modulePath returns the path of the module directive of a go.mod file, ""
// if there is none.
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) != 2 || f[0] != "module" {
			continue
		}
		if p, err := strconv.Unquote(f[1]); err == nil {
			return p
		}
		return f[1]
	}
	return ""
}

// importPath returns the import path of dir, a directory inside m.
func (m *module) importPath(dir string) string {
	rel, err := filepath.Rel(m.root, dir)
	if err != nil || rel == "." {
		return m.path
	}
	return path.Join(m.path, filepath.ToSlash(rel))
}

// resolveImportPath resolves a pattern that is an import path. One inside
// the module of the current directory maps to a directory without running
// the go command; others are looked up with `go list`.
func resolveImportPath(ctx context.Context, pattern string, tags []string) (*Target, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", pattern, err)
	}
	if mod, err := findModule(cwd); err == nil {
		if rest, ok := strings.CutPrefix(pattern, mod.path); ok && (rest == "" || rest[0] == '/') {
			dir := filepath.Join(mod.root, filepath.FromSlash(rest))
			return resolveDir(pattern, dir, nil, tags)
		}
	}
	return goList(ctx, cwd, pattern, tags)
}

// listed is what goList reads of `go list -json`.
type listed struct {
	Dir        string
	ImportPath string
	Module     *struct {
		Path  string
		Dir   string
		Main  bool
		GoMod string
	}
	Error *struct{ Err string }
}

// goList resolves an import path outside the current module with the go
// command: a package of a dependency, or of the standard library.
func goList(ctx context.Context, cwd, pattern string, tags []string) (*Target, error) {
	gobin, err := goTool()
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	// In its own process group, stopped as a whole when ctx ends, and
	// ended with us (exec.CommandContext would kill only go).
	st, err := proc.Run(ctx, proc.Command{
		Path:   gobin,
		Args:   listArgs(pattern, tags),
		Dir:    cwd,
		Stdout: &stdout,
		Stderr: &stderr,
		Grace:  time.Second,
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("no such package %s: %w", pattern, err)
	}
	if !st.Success() {
		return nil, fmt.Errorf("no such package %s: %s", pattern, firstLine(stderr.String(), "go list: "+st.String()))
	}
	out := stdout.Bytes()
	var p listed
	if err := json.Unmarshal(out, &p); err != nil {
		return nil, fmt.Errorf("read go list output for %s: %w", pattern, err)
	}
	if p.Error != nil {
		return nil, fmt.Errorf("no such package %s: %s", pattern, firstLine(p.Error.Err, "not found"))
	}
	if p.Dir == "" {
		return nil, fmt.Errorf("no such package %s", pattern)
	}
	// A dependency's package is built by the module we are in.
	var mod *module
	if p.Module == nil || !p.Module.Main {
		if mod, err = findModule(cwd); err != nil {
			return nil, err
		}
	}
	t, err := resolveDir(pattern, p.Dir, mod, tags)
	if err != nil {
		return nil, err
	}
	t.ImportPath = p.ImportPath
	return t, nil
}

// goTool returns the path of the go command.
func goTool() (string, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("go toolchain not found on PATH: install Go from https://go.dev/dl/ or add its bin directory to PATH (%w)", err)
	}
	return p, nil
}

// firstLine returns the first non-empty line of s, or def.
func firstLine(s, def string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return def
}

// listArgs are go list's arguments for pattern, with the build's tags.
func listArgs(pattern string, tags []string) []string {
	args := []string{"list", "-e", "-json=Dir,ImportPath,Module,Error"}
	if tags != nil {
		args = append(args, "-tags="+strings.Join(tags, ","))
	}
	return append(args, "--", pattern)
}
