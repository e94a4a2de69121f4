package runner

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// BuildError is a failed compile.
type BuildError struct {
	// Diagnostics are the compiler's file:line:col messages, in its order.
	Diagnostics []Diagnostic
	// Output is the whole output of go build as text, for what is not a
	// diagnostic ("# pkg" headers, "too many errors", go command errors).
	Output string
}

// Error returns one line: the first diagnostic and how many follow it.
func (e *BuildError) Error() string {
	switch n := len(e.Diagnostics); n {
	case 0:
		return "build failed: " + firstLine(e.Output, "go build failed without output")
	case 1:
		return "build failed: " + e.Diagnostics[0].String()
	default:
		return fmt.Sprintf("build failed: %s (and %d more)", e.Diagnostics[0].String(), n-1)
	}
}

// Diagnostic is one compiler message.
type Diagnostic struct {
	File    string // absolute path
	Line    int
	Col     int // 0 when the compiler gave none
	Message string
}

// String formats d the way the compiler does, file:line:col: message, with
// only the first line of a multi-line message.
func (d Diagnostic) String() string {
	msg, _, _ := strings.Cut(d.Message, "\n")
	if d.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, msg)
	}
	return fmt.Sprintf("%s:%d: %s", d.File, d.Line, msg)
}

// buildEvent is one line of `go build -json` (cmd/go's BuildEvent).
type buildEvent struct {
	ImportPath string
	Action     string
	Output     string
}

// buildOutput turns what go build printed (-json events on stdout, plain
// text on stderr) into the compiler's text output. Lines of stdout that are
// not JSON are kept as they are.
func buildOutput(stdout, stderr []byte) string {
	var out strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev buildEvent
		if len(line) > 0 && line[0] == '{' && json.Unmarshal(line, &ev) == nil {
			if ev.Action == "build-output" {
				out.WriteString(ev.Output)
			}
			continue
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	out.Write(stderr)
	return out.String()
}

// diagLine matches file:line[:col]: message. The file part is lazy but must
// end in a source-like extension, so a Windows drive letter stays in it.
var diagLine = regexp.MustCompile(`^(\S.*?\.(?:go|mod|work|sum|s|c|h|cc|cpp|m)):(\d+)(?::(\d+))?: ?(.*)$`)

// parseDiagnostics extracts the diagnostics from go build's text output.
// Relative file names are relative to dir, where go build ran. An indented
// line continues the message before it (e.g. "have (...)\n\twant (...)").
func parseDiagnostics(output, dir string) []Diagnostic {
	var diags []Diagnostic
	for line := range strings.SplitSeq(output, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := diagLine.FindStringSubmatch(line); m != nil {
			file := m[1]
			if !filepath.IsAbs(file) {
				file = filepath.Join(dir, file)
			}
			ln, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			diags = append(diags, Diagnostic{File: file, Line: ln, Col: col, Message: m[4]})
			continue
		}
		if len(diags) > 0 && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "    ")) {
			d := &diags[len(diags)-1]
			d.Message += "\n" + strings.TrimSpace(line)
		}
	}
	return diags
}
