package watcher

import (
	"hash/maphash"
	"io"
	"os"
	"strings"
	"time"
)

// fileState is what the watcher remembers of a file to tell whether its
// content changed: existence, size and a hash of the bytes. The
// modification time only tells polling when to hash again.
type fileState struct {
	exists  bool
	size    int64
	sum     uint64
	mtime   time.Time
	checked time.Time // when the file was hashed
	header  uint64    // of a Go file: hash of what decides the file set (see goHeader)
}

// racyWindow is how close to the time it was hashed a file's modification
// time must be for the file to be hashed again even though its size and
// modification time did not change: file systems with coarse timestamps
// (down to 2s on FAT) give a second write the same time as the first.
const racyWindow = 2 * time.Second

// sameContent reports whether two states hold the same bytes.
func (s fileState) sameContent(t fileState) bool {
	return s.exists == t.exists && (!s.exists || s.size == t.size && s.sum == t.sum)
}

// readState stats and hashes p. A directory counts as no file. The stat
// comes first so that a write racing with the read shows as a newer
// modification time at the next poll.
func (w *Watcher) readState(p string) fileState {
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() {
		return fileState{}
	}
	st := fileState{exists: true, size: fi.Size(), mtime: fi.ModTime(), checked: time.Now()}
	f, err := os.Open(p)
	if err != nil {
		// Unreadable for now (permissions, a file being replaced): a sum no
		// read gives, so that becoming readable counts as a change.
		st.sum = ^uint64(0)
		return st
	}
	defer f.Close()
	if strings.HasSuffix(p, ".go") {
		// Go files are small; read whole, for goHeader.
		src, err := readAll(f, w.src[:0])
		w.src = src[:0]
		if err != nil {
			st.sum = ^uint64(0)
			return st
		}
		st.size, st.sum, st.header = int64(len(src)), maphash.Bytes(w.seed, src), w.goHeader(src)
		return st
	}
	var h maphash.Hash
	h.SetSeed(w.seed)
	// Read with our buffer: io.Copy would take os.File's WriteTo, which
	// allocates a buffer of its own for every file.
	var n int64
	for {
		k, err := f.Read(w.buf)
		h.Write(w.buf[:k])
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			st.sum = ^uint64(0)
			return st
		}
	}
	st.size, st.sum = n, h.Sum64()
	return st
}

// readAll appends the rest of f to buf.
func readAll(f *os.File, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// statChanged reports whether a poll should hash p again because its
// size or modification time changed, or it appeared or went away.
func (s fileState) statChanged(fi os.FileInfo, err error) bool {
	if err != nil || fi.IsDir() {
		return s.exists
	}
	return !s.exists || fi.Size() != s.size || !fi.ModTime().Equal(s.mtime)
}

// racy reports whether p was hashed so soon after it was written that
// another write may have left size and modification time as they were.
func (s fileState) racy() bool {
	return s.exists && s.checked.Sub(s.mtime) < racyWindow
}

// baseline records the state of p if it may trigger, without reporting a
// change: the content as found when watching starts.
func (w *Watcher) baseline(p string) {
	if w.classify(p) != irrelevant {
		w.state[p] = w.readState(p)
	}
}
