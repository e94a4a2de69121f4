package tempdir

import "os"

// unlockBeforeRemove is true: Windows removes no file that is open.
const unlockBeforeRemove = true

// lock does nothing more than keep f open: Windows refuses to delete a
// file another process holds open, which is the lock stale tests.
func lock(f *os.File) error { return nil }

// stale reports whether the owner file could be removed: no live process
// holds it open.
func stale(name string) bool {
	if _, err := os.Stat(name); err != nil {
		return false
	}
	return os.Remove(name) == nil
}
