package watcher

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// listing is what one go list run says the build reads.
type listing struct {
	root      string            // module root (directory of GOMOD), or the Dir given
	files     map[string]bool   // build files; go.sum and go.work.sum may not exist
	pkgDirs   map[string]bool   // directories of in-module packages, also of missing ones
	ignoredGo map[string]bool   // .go files of those directories excluded by build constraints
	embeds    []embedRule       // //go:embed patterns, to recognise new embedded files
	dirs      map[string]string // directories to watch -> anchor (watched from the anchor down)
	modRoots  []string          // directories of the main and workspace modules
}

type embedRule struct {
	dir      string   // package directory
	patterns []string // as written after //go:embed
}

// listFields are the fields of go list's output that the watcher reads.
const listFields = "ImportPath,Dir,Standard,Module,GoFiles,CgoFiles,InvalidGoFiles," +
	"IgnoredGoFiles,CFiles,CXXFiles,HFiles,SFiles,SysoFiles,EmbedPatterns,EmbedFiles"

type listPackage struct {
	ImportPath, Dir string
	Standard        bool
	Module          *struct {
		Path, Dir, GoMod string
		Main             bool
	}
	GoFiles, CgoFiles, InvalidGoFiles, CFiles, CXXFiles, HFiles, SFiles, SysoFiles []string
	IgnoredGoFiles, EmbedPatterns, EmbedFiles                                      []string
}

// goList asks go which files the build of pkgs reads. go env runs beside go
// list, for the module and workspace files.
func goList(ctx context.Context, dir string, pkgs, env, flags []string) (*listing, error) {
	type result struct {
		out []byte
		err error
	}
	envc := make(chan result, 1)
	go func() {
		out, err := runGo(ctx, dir, env, "env", "-json", "GOMOD", "GOWORK")
		envc <- result{out, err}
	}()
	args := append([]string{"list", "-e", "-deps", "-json=" + listFields}, flags...)
	args = append(append(args, "--"), pkgs...)
	out, err := runGo(ctx, dir, env, args...)
	envr := <-envc
	if err != nil {
		return nil, err
	}
	if envr.err != nil {
		return nil, envr.err
	}
	var goenv struct{ GOMOD, GOWORK string }
	if err := json.Unmarshal(envr.out, &goenv); err != nil {
		return nil, fmt.Errorf("cannot read the output of go env: %w", err)
	}
	return parseList(out, dir, goenv.GOMOD, goenv.GOWORK)
}

// parseList turns go list's stream of JSON objects into a listing.
func parseList(out []byte, dir, gomod, gowork string) (*listing, error) {
	l := &listing{
		root:      dir,
		files:     map[string]bool{},
		pkgDirs:   map[string]bool{},
		ignoredGo: map[string]bool{},
		dirs:      map[string]string{},
	}
	mods := map[string]string{} // module dir -> module path
	addMod := func(modDir, goMod string) {
		if _, ok := mods[modDir]; !ok {
			mods[modDir] = ""
			l.modRoots = append(l.modRoots, modDir)
		}
		l.files[goMod] = true
		l.files[filepath.Join(modDir, "go.sum")] = true
		l.dirs[modDir] = modDir
	}
	if gomod != "" && gomod != os.DevNull {
		l.root = filepath.Dir(gomod)
		addMod(l.root, gomod)
	}
	if gowork != "" && gowork != "off" {
		l.files[gowork] = true
		l.files[gowork+".sum"] = true
		l.dirs[filepath.Dir(gowork)] = filepath.Dir(gowork)
	}
	var missing []listPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("cannot read the output of go list: %w", err)
		}
		if p.Standard {
			continue
		}
		if p.Module == nil || p.Dir == "" {
			missing = append(missing, p)
			continue
		}
		if !p.Module.Main {
			continue
		}
		addMod(p.Module.Dir, p.Module.GoMod)
		mods[p.Module.Dir] = p.Module.Path
		l.addPackage(&p)
	}
	// A package that does not exist yet (imported before it is written)
	// has no directory in the listing: derive it, so that its files are
	// noticed when they appear.
	l.addMissing(missing, dir, gowork, mods)
	return l, nil
}

// addMissing adds the directories of the packages go list could not find.
func (l *listing) addMissing(missing []listPackage, dir, gowork string, mods map[string]string) {
	if len(missing) > 0 {
		learnModules(mods, gowork)
	}
	for _, p := range missing {
		if d, anchor := missingDir(p, dir, mods); d != "" {
			l.pkgDirs[d] = true
			l.dirs[d] = anchor
		}
	}
}

// learnModules completes mods, module directory -> module path, with the
// paths go list did not give (no package of the module was listed) and with
// the other modules of the workspace, from their go.mod files.
func learnModules(mods map[string]string, gowork string) {
	if gowork != "" && gowork != "off" {
		for _, d := range workModules(gowork) {
			if _, ok := mods[d]; !ok {
				mods[d] = ""
			}
		}
	}
	for d, path := range mods {
		if path == "" {
			mods[d] = modulePath(filepath.Join(d, "go.mod"))
		}
	}
}

func (l *listing) addPackage(p *listPackage) {
	anchor := p.Module.Dir
	l.pkgDirs[p.Dir] = true
	l.dirs[p.Dir] = anchor
	for _, fs := range [][]string{p.GoFiles, p.CgoFiles, p.InvalidGoFiles, p.CFiles, p.CXXFiles, p.HFiles, p.SFiles, p.SysoFiles} {
		for _, f := range fs {
			if !strings.HasSuffix(f, "_test.go") {
				l.files[filepath.Join(p.Dir, f)] = true
			}
		}
	}
	for _, f := range p.IgnoredGoFiles {
		l.ignoredGo[filepath.Join(p.Dir, f)] = true
	}
	for _, f := range p.EmbedFiles {
		f = filepath.Join(p.Dir, filepath.FromSlash(f))
		l.files[f] = true
		l.dirs[filepath.Dir(f)] = anchor
	}
	if len(p.EmbedPatterns) > 0 {
		l.embeds = append(l.embeds, embedRule{dir: p.Dir, patterns: p.EmbedPatterns})
	}
}

// missingDir returns the directory a package that go list could not find
// would have: the one go list gives (it exists but holds no Go file),
// relative to dir for a relative pattern, or inside the main module whose
// path is the longest prefix of the import path. The anchor is the module
// directory holding it, watched down to it so that it is seen coming back.
func missingDir(p listPackage, dir string, mods map[string]string) (d, anchor string) {
	importPath := p.ImportPath
	if p.Dir != "" {
		for modDir := range mods {
			if within(modDir, p.Dir) && len(modDir) > len(anchor) {
				anchor = modDir
			}
		}
		if anchor == "" {
			anchor = p.Dir
		}
		return p.Dir, anchor
	}
	if strings.HasPrefix(importPath, "./") || strings.HasPrefix(importPath, "../") || importPath == "." {
		d = filepath.Join(dir, filepath.FromSlash(importPath))
		if within(dir, d) {
			return d, dir
		}
		return d, filepath.Dir(d)
	}
	best := ""
	for modDir, modPath := range mods {
		if modPath == "" || (importPath != modPath && !strings.HasPrefix(importPath, modPath+"/")) {
			continue
		}
		if len(modPath) > len(mods[best]) || best == "" {
			best = modDir
		}
	}
	if best == "" {
		return "", ""
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(importPath, mods[best]), "/")
	return filepath.Join(best, filepath.FromSlash(rest)), best
}

// runGo runs the go command in dir and returns its standard output. The
// command runs in its own process group, which ends with us and is stopped
// (SIGTERM, then SIGKILL after a grace period) when ctx ends.
func runGo(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	st, err := proc.Run(ctx, proc.Command{
		Path:   "go",
		Args:   args,
		Dir:    dir,
		Env:    append(append(os.Environ(), "PWD="+dir), env...),
		Stdout: &stdout,
		Stderr: &stderr,
		Grace:  2 * time.Second,
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("cannot run go (is it installed and on PATH?): %w", err)
	}
	if !st.Success() {
		return nil, &goError{msg: "go " + args[0] + " failed: " + firstLine(stderr.String()), err: errors.New(st.String())}
	}
	return stdout.Bytes(), nil
}

// goError is a failure of the go command, said with its own words.
type goError struct {
	msg string
	err error
}

func (e *goError) Error() string { return e.msg }
func (e *goError) Unwrap() error { return e.err }

// firstLine returns the first line of go's error output, joined with the
// next one when it only introduces it ("go: errors parsing go.mod:").
func firstLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
	if len(lines) == 0 {
		return "no error output"
	}
	first := strings.TrimSpace(lines[0])
	if strings.HasSuffix(first, ":") && len(lines) > 1 {
		first += " " + strings.TrimSpace(lines[1])
	}
	return first
}
