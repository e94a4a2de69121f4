package core

import (
	"runtime"
	"strconv"
	"strings"
)

// frame is one line of a stack: the function and where it was.
type frame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

// frames resolves a recorded stack into the frames worth showing,
// innermost first: for a panic, those from the panicking function down,
// without the runtime's own panic machinery, and never runtime.goexit.
func frames(pcs []uintptr) []frame {
	if len(pcs) == 0 {
		return nil
	}
	var fs []frame
	it := runtime.CallersFrames(pcs)
	for {
		f, more := it.Next()
		fs = append(fs, frame{Func: f.Function, File: f.File, Line: f.Line})
		if !more {
			break
		}
	}
	for i, f := range fs {
		if f.Func == "runtime.gopanic" {
			fs = fs[i+1:]
			for len(fs) > 1 && strings.HasPrefix(fs[0].Func, "runtime.") {
				fs = fs[1:]
			}
			break
		}
	}
	if n := len(fs); n > 0 && fs[n-1].Func == "runtime.goexit" {
		fs = fs[:n-1]
	}
	return fs
}

// writeStack writes a stack the way Go prints one in a panic: the
// function, then its file and line indented on the next line.
func writeStack(b *strings.Builder, fs []frame) {
	for _, f := range fs {
		b.WriteString(f.Func)
		b.WriteString("\n\t")
		b.WriteString(f.File)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte('\n')
	}
}

// stackText is the stack section of a development error response: the
// error's own text, a blank line, then the stack.
func stackText(err error, fs []frame) string {
	var b strings.Builder
	b.WriteString(err.Error())
	b.WriteString("\n")
	if len(fs) > 0 {
		b.WriteString("\n")
		writeStack(&b, fs)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
