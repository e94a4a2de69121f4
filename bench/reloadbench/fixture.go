//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// microModule is the module path the fixture's replace directive points at
// the micro checkout.
const microModule = "github.com/seed-1b2dc2de/micro"

var replaceRE = regexp.MustCompile(`(?m)^replace\s+` + regexp.QuoteMeta(microModule) + `\s+=>\s+\S+[ \t]*$`)

// copyFixture copies the fixture module src into dst (created if needed),
// points its replace directive at the absolute path of the micro checkout
// repo and copies repo's go.sum beside it, so that building the copy needs
// no network and sees the checkout's current code.
func copyFixture(src, dst, repo string) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return fmt.Errorf("copy fixture: %w", err)
	}
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			if b, err = rewriteReplace(b, repo); err != nil {
				return err
			}
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("copy fixture %s to %s: %w", src, dst, err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		return fmt.Errorf("copy fixture: read the checkout's go.sum (is -repo the micro checkout?): %w", err)
	}
	if err := os.WriteFile(filepath.Join(dst, "go.sum"), sum, 0o644); err != nil {
		return fmt.Errorf("copy fixture: %w", err)
	}
	return nil
}

// rewriteReplace points the replace directive of microModule in a go.mod at
// dir.
func rewriteReplace(gomod []byte, dir string) ([]byte, error) {
	if !replaceRE.Match(gomod) {
		return nil, fmt.Errorf("go.mod of the fixture has no line %q to rewrite", "replace "+microModule+" => ...")
	}
	line := []byte("replace " + microModule + " => " + strconv.Quote(dir))
	return replaceRE.ReplaceAllLiteral(gomod, line), nil
}

// versionSource is the whole content of the fixture's version.go for the
// version v.
func versionSource(v string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "package devapp\n\n// Version is rewritten by the reload benchmark on every save.\nconst Version = %q\n", v)
	return b.Bytes()
}

// editMode says how a simulated editor saves a file.
type editMode string

const (
	editOverwrite editMode = "overwrite" // truncate and write in place (VS Code, most editors)
	editRename    editMode = "rename"    // write a temporary file, rename it over (vim's default, GoLand "safe write")
)

// save writes content to path the way mode says.
func save(path string, content []byte, mode editMode) error {
	switch mode {
	case editOverwrite:
		return os.WriteFile(path, content, 0o644)
	case editRename:
		// The temporary name does not end in .go, so no tool mistakes it for
		// a source file.
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	default:
		return fmt.Errorf("unknown edit mode %q: use %q or %q", mode, editOverwrite, editRename)
	}
}
