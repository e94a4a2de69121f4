package watcher

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"hash/crc64"
	"hash/maphash"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkNew measures New on the fixture; go list dominates.
func BenchmarkNew(b *testing.B) {
	for _, poll := range []bool{false, true} {
		b.Run(fmt.Sprintf("poll=%v", poll), func(b *testing.B) {
			root := fixture(b)
			cfg := Config{Dir: root, Packages: []string{"./a"}, Extra: []string{filepath.Join(root, "web")}, Poll: poll}
			done, cancel := context.WithCancel(context.Background())
			cancel()
			for b.Loop() {
				w, err := New(context.Background(), cfg)
				if err != nil {
					b.Fatal(err)
				}
				_ = w.Run(done) // releases the fsnotify watcher
			}
		})
	}
}

// BenchmarkHashFile measures what the watcher pays per file it looks at:
// stat, open, read and hash.
func BenchmarkHashFile(b *testing.B) {
	for _, size := range []int{1 << 10, 8 << 10, 64 << 10} {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			p := filepath.Join(b.TempDir(), "f.go")
			if err := os.WriteFile(p, randomBytes(size), 0o644); err != nil {
				b.Fatal(err)
			}
			w, err := newWatcher(Config{Dir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if st := w.readState(p); !st.exists {
					b.Fatal("file not read")
				}
			}
		})
	}
}

// BenchmarkHashFunc compares the hash functions considered, on bytes in
// memory: maphash (used), CRC-64 and SHA-256.
func BenchmarkHashFunc(b *testing.B) {
	data := randomBytes(8 << 10)
	seed := maphash.MakeSeed()
	table := crc64.MakeTable(crc64.ECMA)
	funcs := []struct {
		name string
		f    func([]byte) uint64
	}{
		{"maphash", func(p []byte) uint64 { return maphash.Bytes(seed, p) }},
		{"crc64", func(p []byte) uint64 { return crc64.Checksum(p, table) }},
		{"sha256", func(p []byte) uint64 { s := sha256.Sum256(p); return uint64(s[0]) }},
	}
	for _, fn := range funcs {
		b.Run(fn.name+"/8KiB", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				fn.f(data)
			}
		})
	}
}

func randomBytes(n int) []byte {
	p := make([]byte, n)
	rand.Read(p)
	return p
}
