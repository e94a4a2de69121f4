package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Build compiles a Target into an executable.
type Build struct {
	Target *Target
	Output string   // the binary to write; replaced only by a complete new binary
	Flags  []string // extra go build flags, e.g. "-trimpath"
	Env    []string // extra environment for go build, e.g. "CGO_ENABLED=0"
}

// Result describes a build, failed or not.
type Result struct {
	Duration time.Duration // from the call of Run to its return
}

// Run builds with one `go build` run in the module root. A handler package
// gets a generated main (see mainSource) that exists only in a go build
// overlay, as <ModuleRoot>/.micro/main.go: the overlay file and the main
// live in a temporary directory removed afterwards, and nothing is written
// into the user's tree. A main package is built as is.
//
// go build writes the binary into a directory of the user's cache that is
// the same for the same target and build settings, so that on a warm cache
// an unchanged program is not even relinked (as with `go build` into the
// same file twice). Run then links or copies it to Output through a
// temporary file and a rename: Output is either left as it was or replaced
// by the complete new binary.
// go build runs in its own process group that ends with us, even when we
// are SIGKILLed, and with a GOTMPDIR of its own, removed when it ends;
// cancelling ctx kills the whole group and Run returns ctx.Err().
//
// Run returns a Result whatever happens. A compile failure returns a
// *BuildError. A module that does not require
// github.com/seed-1b2dc2de/micro returns an error saying which `go get` to
// run, and where.
func (b *Build) Run(ctx context.Context) (*Result, error) {
	start := time.Now()
	err := b.run(ctx)
	return &Result{Duration: time.Since(start)}, err
}

func (b *Build) run(ctx context.Context) error {
	t := b.Target
	if t == nil {
		return errors.New("build: no target")
	}
	if b.Output == "" {
		return errors.New("build: no output file")
	}
	out, err := filepath.Abs(b.Output)
	if err != nil {
		return fmt.Errorf("build: output %s: %w", b.Output, err)
	}
	work, cleanup, err := workDir(b)
	if err != nil {
		return err
	}
	defer cleanup()

	// go build writes the binary into the work directory, whose path is
	// stable: go build relinks nothing when that binary is up to date.
	built := filepath.Join(work, binaryName(t))
	args := []string{"build", "-json"}
	var pkg string
	if t.Main {
		pkg = t.Dir
		if !within(t.ModuleRoot, t.Dir) {
			// A dependency's main is outside the main module: name it by
			// import path, which the go command resolves through go.mod.
			pkg = t.ImportPath
		}
	} else {
		overlay, mainFile, err := writeOverlay(t, work)
		if err != nil {
			return err
		}
		args = append(args, "-overlay", overlay)
		pkg = mainFile
	}
	args = append(args, "-o", built)
	args = append(args, b.Flags...)
	args = append(args, pkg)

	output, st, err := goBuild(ctx, t.ModuleRoot, b.Env, args)
	if err != nil {
		return err
	}
	if !st.Success() {
		return buildFailure(t, work, output, st)
	}
	if err := publish(built, out); err != nil {
		return fmt.Errorf("build: write %s: %w", b.Output, err)
	}
	return nil
}

// buildFailure turns the output of a failed go build into an error.
func buildFailure(t *Target, work, output string, st Status) error {
	if err := missingModule(t, output); err != nil {
		return err
	}
	if output == "" {
		output = "go build: " + st.String()
	}
	diags := parseDiagnostics(output, t.ModuleRoot)
	for i := range diags {
		// The compiler names the generated main by its real file, which
		// is about to be removed; give it the name the build used.
		if diags[i].File == filepath.Join(work, "main.go") {
			diags[i].File = filepath.Join(t.ModuleRoot, ".micro", "main.go")
		}
	}
	return explain(t, &BuildError{Diagnostics: diags, Output: output})
}

// binaryName is the name of the binary go build writes in the work
// directory: the package's, or its directory's for a main package.
func binaryName(t *Target) string {
	name := t.Name
	if t.Main {
		name = filepath.Base(t.Dir)
	}
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

// writeOverlay writes the generated main and the overlay that places it at
// <ModuleRoot>/.micro/main.go into work (unchanged files are not rewritten,
// and changed ones are replaced atomically: a concurrent build of the same
// target may be reading them). It returns the overlay file and the
// path of the main go build is given.
func writeOverlay(t *Target, work string) (overlay, mainFile string, err error) {
	src, err := mainSource(t)
	if err != nil {
		return "", "", err
	}
	gen := filepath.Join(work, "main.go")
	if err := writeIfChanged(gen, src); err != nil {
		return "", "", fmt.Errorf("build: write the generated main: %w", err)
	}
	mainFile = filepath.Join(t.ModuleRoot, ".micro", "main.go")
	ov, err := json.Marshal(map[string]map[string]string{"Replace": {mainFile: gen}})
	if err != nil {
		return "", "", fmt.Errorf("build: overlay: %w", err)
	}
	overlay = filepath.Join(work, "overlay.json")
	if err := writeIfChanged(overlay, ov); err != nil {
		return "", "", fmt.Errorf("build: write the overlay: %w", err)
	}
	return overlay, mainFile, nil
}

// missingModule recognises go build's complaint that the module lacks the
// micro module (or its go.sum lines) and says how to fix it.
func missingModule(t *Target, output string) error {
	for line := range strings.SplitSeq(output, "\n") {
		if !strings.Contains(line, modulePathMicro) {
			continue
		}
		fix := fmt.Sprintf("run \"go get %s\" in %s", corePath, t.ModuleRoot)
		switch {
		case strings.Contains(line, "no required module provides package"),
			strings.Contains(line, "cannot find module providing package"):
			return fmt.Errorf("module %s does not require %s: %s", t.ModulePath, modulePathMicro, fix)
		case strings.Contains(line, "missing go.sum entry"):
			return fmt.Errorf("go.sum of module %s lacks the entries of %s: %s", t.ModulePath, modulePathMicro, fix)
		}
	}
	return nil
}

// within reports whether path is root or inside it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
