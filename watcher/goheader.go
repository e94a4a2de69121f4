package watcher

import (
	"bytes"
	"go/parser"
	"go/token"
	"hash/maphash"
)

// goHeader hashes what in a Go file can change which files the build reads:
// the build constraints and other comments before the package clause, the
// package name, the imports and the //go:embed lines. An edit that leaves
// them alone (the common case: a function body) needs no new go list run,
// which would compete with the build for the CPU. A file whose header does
// not parse hashes whole, so that every edit of it runs go list again.
func (w *Watcher) goHeader(src []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(w.seed)
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		h.Write(src)
		return h.Sum64()
	}
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			h.WriteString(c.Text)
			h.WriteByte('\n')
		}
	}
	h.WriteString(f.Name.Name)
	for _, imp := range f.Imports {
		h.WriteByte('\n')
		if imp.Name != nil {
			h.WriteString(imp.Name.Name + " ")
		}
		h.WriteString(imp.Path.Value)
	}
	for line := range bytes.Lines(src) {
		if line = bytes.TrimSpace(line); bytes.HasPrefix(line, []byte("//go:embed")) {
			h.WriteByte('\n')
			h.Write(line)
		}
	}
	return h.Sum64()
}
