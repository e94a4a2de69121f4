//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tempdir

import (
	"os"
	"syscall"
)

// unlockBeforeRemove is false: an open, locked file can be removed, and
// holding the lock meanwhile keeps a sweeper from racing us.
const unlockBeforeRemove = false

// lock takes the owner lock, held until f is closed or we end. The file is
// close-on-exec, so no child inherits it.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// stale reports whether the owner file exists, is unlocked and not empty:
// its process has ended.
func stale(name string) bool {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Size() > 0
}
