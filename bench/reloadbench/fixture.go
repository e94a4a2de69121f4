//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

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
