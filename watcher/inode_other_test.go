//go:build !unix

package watcher

import "os"

// inodeOf returns "": there are no inode numbers to compare here.
func inodeOf(os.FileInfo) string { return "" }
