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

// BenchmarkNew measures New on the fixture; go list dominates, as the
// golist sub-benchmark (go list and go env alone) shows.
func BenchmarkNew(b *testing.B) {
	b.Run("golist", func(b *testing.B) {
		root := fixture(b)
		for b.Loop() {
			if _, err := goList(context.Background(), root, []string{"./a"}, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
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
// stat, open, read and hash, and for a Go file the parse of its header.
func BenchmarkHashFile(b *testing.B) {
	goSrc, err := os.ReadFile("dirs.go")
	if err != nil {
		b.Fatal(err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{"data-1KiB.txt", randomBytes(1 << 10)},
		{"data-8KiB.txt", randomBytes(8 << 10)},
		{"data-64KiB.txt", randomBytes(64 << 10)},
		{"source.go", goSrc},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			p := filepath.Join(b.TempDir(), f.name)
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				b.Fatal(err)
			}
			w, err := newWatcher(Config{Dir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(f.data)))
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
