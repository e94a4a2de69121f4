package errpage

import (
	"strings"
	"testing"
)

func TestTraceLocation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		file string
		line int
		rest string
		ok   bool
	}{
		{"\t/app/main.go:12 +0x1d", "/app/main.go", 12, " +0x1d", true},
		{"\t/app/main.go:12", "/app/main.go", 12, "", true},
		{"\t/my app/main.go:7 +0x25 fp=0xc000 sp=0xc000", "/my app/main.go", 7, " +0x25 fp=0xc000 sp=0xc000", true},
		{"/app/main.go:12", "", 0, "", false},      // a frame line starts with a tab
		{"\tmain.go:12", "", 0, "", false},         // relative: nothing to open
		{"\t/app/main.go:x", "", 0, "", false},     // no line number
		{"\t/app/main.go:12abc", "", 0, "", false}, // not only a number
		{"\t/app/main.go", "", 0, "", false},
	} {
		file, line, rest, ok := traceLocation(tc.in)
		if file != tc.file || line != tc.line || rest != tc.rest || ok != tc.ok {
			t.Errorf("traceLocation(%q) = %q, %d, %q, %v; want %q, %d, %q, %v", tc.in, file, line, rest, ok, tc.file, tc.line, tc.rest, tc.ok)
		}
	}
}

func TestTraceFunc(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"main.handler(0xc000010000)", "main.handler"},
		{"github.com/a/b.(*T).M(...)", "github.com/a/b.(*T).M"},
		{"created by net/http.(*Server).Serve in goroutine 1", "net/http.(*Server).Serve"},
		{"goroutine 1 [running]:", ""},
		{"red link", ""},
		{"", ""},
	} {
		if got := traceFunc(tc.in); got != tc.want {
			t.Errorf("traceFunc(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCrashOutput(t *testing.T) {
	t.Parallel()
	file := write(t, "main.go", "package main", "", "func main() {", "\tpanic(\"boom\")", "}")
	var out []string
	for i := range maxOutput + 50 {
		out = append(out, "line "+strings.Repeat("x", i%7))
	}
	out = append(out, "panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t"+file+":4 +0x25", "exit status 2")
	p := &Page{Kind: Crash, Exit: "exit status 2", Output: out}
	v := newView(p)
	if len(v.Output) != maxOutput {
		t.Errorf("shows %d lines, want the last %d", len(v.Output), maxOutput)
	}
	if last := v.Output[len(v.Output)-1]; last.Pre != "exit status 2" {
		t.Errorf("last line shown is %q, want the last printed", last.Pre)
	}
	if v.Where == nil || v.Where.Line != 4 || v.Where.Name != "main" || v.Where.Pkg != "main" || v.Where.Snip == nil {
		t.Fatalf("where it crashed: %+v, want main.main at line 4 with source", v.Where)
	}
	var panicLine, frameLine bool
	for _, l := range v.Output {
		panicLine = panicLine || (l.Class == "panic" && l.Pre == "panic: boom")
		frameLine = frameLine || (l.Class == "user" && l.Link != "" && strings.HasSuffix(l.Loc, "main.go:4"))
	}
	if !panicLine || !frameLine {
		t.Errorf("panic line marked: %v, frame line linked: %v", panicLine, frameLine)
	}
}
