//go:build unix

package watcher

import (
	"os"
	"strconv"
	"syscall"
)

// inodeOf returns the inode number of fi as text, or "" if unknown.
func inodeOf(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return strconv.FormatUint(uint64(st.Ino), 10)
	}
	return ""
}
