package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/tempdir"
)

// workDir returns the directory a build works in: the generated main, the
// overlay and go build's output. It is <user cache>/micro/build/<key>, the
// same for the same target and settings, so go build finds its previous
// binary there and skips the link when it is up to date. Without a user
// cache directory it is a temporary directory, removed by cleanup (or, if
// we are killed first, by the next start: see internal/tempdir).
//
// Each work directory records its module root; cleanup removes those of
// modules that no longer exist (temporary modules of tests, deleted
// projects), so the cache holds one binary per live target at most.
func workDir(b *Build) (dir string, cleanup func(), err error) {
	// A module in the temporary directory (a test's, typically) is short
	// lived: caching its binary would only fill the user's cache.
	if cache, err := os.UserCacheDir(); err == nil && !within(os.TempDir(), b.Target.ModuleRoot) {
		builds := filepath.Join(cache, "micro", "build")
		dir := filepath.Join(builds, buildKey(b))
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if err := writeIfChanged(filepath.Join(dir, rootFile), []byte(b.Target.ModuleRoot)); err == nil {
				return dir, func() { pruneBuilds(builds) }, nil
			}
		}
	}
	tmp, err := tempdir.New("", "micro-build-")
	if err != nil {
		return "", nil, fmt.Errorf("build: %w", err)
	}
	return tmp.Path(), func() { tmp.Remove() }, nil
}

// rootFile, in a work directory, holds the module root it builds.
const rootFile = "module-root"

// pruneBuilds removes the work directories whose module is gone. It is
// best effort: the cache only saves time.
func pruneBuilds(builds string) {
	entries, err := os.ReadDir(builds)
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(builds, e.Name())
		root, err := os.ReadFile(filepath.Join(dir, rootFile))
		if err != nil || len(root) == 0 {
			continue
		}
		if _, err := os.Stat(string(root)); errors.Is(err, os.ErrNotExist) {
			os.RemoveAll(dir)
		}
	}
}

// buildKey names a build's work directory: a hash of everything that makes
// its binary differ (not Output: a caller may publish each build under a
// new name), and the package's name for whoever looks at the cache.
func buildKey(b *Build) string {
	h := sha256.New()
	t := b.Target
	for _, s := range []string{t.ModuleRoot, t.Dir, t.ImportPath, strconv.FormatBool(t.Main)} {
		fmt.Fprintf(h, "%q\n", s)
	}
	fmt.Fprintf(h, "%q\n%q\n", b.Flags, b.Env)
	return t.Name + "-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// writeIfChanged writes data to name unless it already holds exactly that;
// a write goes to a temporary file renamed over name.
func writeIfChanged(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp := tempName(name)
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// publish puts a copy of the built binary src at dst atomically: a hard link
// (or, across file systems, a copy) under a temporary name beside dst,
// renamed over dst. dst is either left as it was or replaced by the whole
// binary, and later builds replacing src never touch it.
func publish(src, dst string) error {
	if fi, err := os.Stat(dst); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory", dst)
	}
	tmp := tempName(dst)
	if err := os.Link(src, tmp); err != nil {
		if err := copyFile(src, tmp); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// copyFile copies src to a new file dst with src's permissions.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tempName returns an unused-looking name beside name for a file that will
// be renamed over it.
func tempName(name string) string {
	base := strings.TrimPrefix(filepath.Base(name), ".")
	return filepath.Join(filepath.Dir(name), fmt.Sprintf(".%s.%d-%d.tmp", base, os.Getpid(), time.Now().UnixNano()))
}
