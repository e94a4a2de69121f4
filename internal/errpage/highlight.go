package errpage

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode/utf8"
)

// Highlighting classes; the CSS colours them.
const (
	clsKeyword = "kw"
	clsString  = "str"
	clsNumber  = "num"
	clsComment = "com"
	clsFunc    = "fn"
	clsBuiltin = "bi"
)

// highlightGo scans the lines of a snippet as Go and returns, per line, the
// class of every rune. The snippet is scanned as one piece so that raw
// strings and block comments spanning lines come out right; one that began
// above the snippet is scanned as code, which only costs colours.
func highlightGo(lines []string) [][]string {
	src := strings.Join(lines, "\n")
	byteCls := make([]string, len(src))
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	mark := func(off, n int, c string) {
		for i := off; i < off+n && i < len(src); i++ {
			byteCls[i] = c
		}
	}
	lastIdent, lastLen := -1, 0
	for {
		pos, tk, lit := s.Scan()
		if tk == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch {
		case tk == token.COMMENT:
			mark(off, len(lit), clsComment)
		case tk == token.STRING || tk == token.CHAR:
			mark(off, len(lit), clsString)
		case tk == token.INT || tk == token.FLOAT || tk == token.IMAG:
			mark(off, len(lit), clsNumber)
		case tk.IsKeyword():
			mark(off, len(tk.String()), clsKeyword)
		case tk == token.IDENT && predeclared(lit):
			mark(off, len(lit), clsBuiltin)
		case tk == token.LPAREN && lastIdent >= 0:
			mark(lastIdent, lastLen, clsFunc)
		}
		lastIdent = -1
		if tk == token.IDENT && !predeclared(lit) {
			lastIdent, lastLen = off, len(lit)
		}
	}
	out := make([][]string, len(lines))
	off := 0
	for i, l := range lines {
		cls := make([]string, 0, len(l))
		for j := 0; j < len(l); {
			_, size := utf8.DecodeRuneInString(l[j:])
			cls = append(cls, byteCls[off+j])
			j += size
		}
		out[i] = cls
		off += len(l) + 1
	}
	return out
}

// predeclared reports whether name is one of Go's predeclared identifiers.
func predeclared(name string) bool {
	switch name {
	case "bool", "byte", "complex64", "complex128", "error", "float32", "float64",
		"int", "int8", "int16", "int32", "int64", "rune", "string",
		"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any", "comparable",
		"true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
		"make", "max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}
