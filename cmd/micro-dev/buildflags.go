package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// buildFlags are go build's flags for micro-dev's builds, all composed
// here. GOFLAGS from the environment applies too: go reads it.
//
// Development builds skip what only slows them: the symbol table and DWARF
// (stacks keep file:line, which come from pclntab), VCS stamping, which
// runs git on every build, and the optimisation of the module's own
// packages (modules: the main module, or each module of the workspace):
// the compiler is faster without it, and only those packages are compiled
// again after a save, so the cached dependencies stay as they are.
// --optimize builds as production; --debug keeps DWARF and disables
// optimisation everywhere, as Delve needs.
func buildFlags(o *options, modules []string) []string {
	var f []string
	if o.tags != "" {
		f = append(f, "-tags="+o.tags)
	}
	if o.race {
		f = append(f, "-race")
	}
	switch {
	case o.debug:
		f = append(f, "-gcflags=all=-N -l")
	case !o.optimize:
		for _, m := range modules {
			f = append(f, "-gcflags="+m+"/...=-N -l")
		}
	}
	if !o.debug {
		f = append(f, "-ldflags=-s -w")
	}
	return append(f, "-buildvcs=false")
}

// listFlags are the build flags that decide which files the build reads,
// for the watcher's go list.
func listFlags(o *options) []string {
	var f []string
	if o.tags != "" {
		f = append(f, "-tags="+o.tags)
	}
	if o.race {
		f = append(f, "-race")
	}
	return f
}

// buildTags are the tags the build uses when they are not GOFLAGS' alone,
// for resolving the package: --tags replaces the -tags of GOFLAGS, as go
// build's flag does, and --race adds "race". nil: GOFLAGS decides.
func buildTags(o *options) []string {
	if o.tags == "" && !o.race {
		return nil
	}
	tags := splitTags(o.tags)
	if o.tags == "" {
		for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
			if v, ok := strings.CutPrefix(strings.TrimLeft(f, "-"), "tags="); ok {
				tags = splitTags(v)
			}
		}
	}
	if o.race {
		tags = append(tags, "race")
	}
	return tags
}

func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

// mainModules are the paths of the modules the build's own packages are
// in: the main module's, or every module of the go.work workspace. go list
// -m says, as the build will see it; when it cannot, the target's module.
func mainModules(ctx context.Context, dir, fallback string) []string {
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	st, err := proc.Run(ctx, proc.Command{
		Path: "go", Args: []string{"list", "-m", "-f", "{{.Path}}"},
		Dir: dir, Stdout: &out, Grace: time.Second,
	})
	if err != nil || !st.Success() {
		return []string{fallback}
	}
	mods := strings.Fields(out.String())
	if len(mods) == 0 {
		return []string{fallback}
	}
	return mods
}
