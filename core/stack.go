package core

import (
	"fmt"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// frames resolves a recorded stack into the frames worth showing: for a
// panic, those from the panicking function down, without the runtime's
// own panic machinery.
func frames(pcs []uintptr) []errpage.Frame {
	fs := errpage.FramesFromPCs(pcs)
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
func writeStack(b *strings.Builder, pcs []uintptr) {
	for _, f := range frames(pcs) {
		fmt.Fprintf(b, "%s\n\t%s:%d\n", f.Func, f.File, f.Line)
	}
}

// stackText is the stack section of a development error response: the
// error's own text, a blank line, then the stack.
func stackText(err error, pcs []uintptr) string {
	var b strings.Builder
	b.WriteString(err.Error())
	b.WriteString("\n")
	if len(pcs) > 0 {
		b.WriteString("\n")
		writeStack(&b, pcs)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
