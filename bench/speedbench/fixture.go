package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

const microModule = "github.com/seed-1b2dc2de/micro"

var replaceRE = regexp.MustCompile(`(?m)^replace\s+` + regexp.QuoteMeta(microModule) + `\s+=>\s+\S+[ \t]*$`)

// copyFixture copies the fixture module src into dst, points its replace
// directive at the micro checkout repo and copies repo's go.sum beside it,
// so that the copy builds without network against the checkout's code.
func copyFixture(src, dst, repo string) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return err
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
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			if !replaceRE.Match(b) {
				return fmt.Errorf("%s has no replace of %s to rewrite", path, microModule)
			}
			b = replaceRE.ReplaceAllLiteral(b, []byte("replace "+microModule+" => "+strconv.Quote(repo)))
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("copy fixture %s: %w", src, err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		return fmt.Errorf("read the checkout's go.sum (is -repo the micro checkout?): %w", err)
	}
	return os.WriteFile(filepath.Join(dst, "go.sum"), sum, 0o644)
}
