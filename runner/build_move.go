package runner

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// moveFile moves the built binary src to dst atomically: dst is either left
// as it was or replaced by the complete file. A rename does it in one step;
// across file systems the copy goes to a temporary file beside dst first.
func moveFile(src, dst string) error {
	if fi, err := os.Stat(dst); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory", dst)
	}
	if err := os.Rename(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, in); err != nil {
		return err
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return err
	}
	ok = true
	return nil
}
