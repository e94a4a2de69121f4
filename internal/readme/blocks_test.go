package readme

import (
	"fmt"
	"strings"
	"testing"
)

// block is one fenced block of the README and what its marker says it is.
type block struct {
	line int    // of the opening fence, 1-based
	lang string // after the fence: go, sh, console, ...
	kind string // file, sh, serve, curl, dockerfile, skip; "" when unmarked
	arg  string // the file of a file block, the reason of a skip
	text string // the content, each line ending in "\n"
}

// checked are the languages whose blocks must be marked: what a reader
// copies and runs.
var checked = map[string]bool{"go": true, "sh": true, "console": true, "dockerfile": true}

// kinds are the markers and the language each applies to ("" any).
var kinds = map[string]string{"file": "go", "sh": "sh", "serve": "sh", "curl": "console", "dockerfile": "dockerfile", "kubernetes": "yaml", "checkout": "sh", "skip": ""}

const markerPrefix, markerSuffix = "<!-- readme-test:", "-->"

// parseBlocks returns the fenced blocks of a Markdown text with their
// markers. A checked block without a marker, a marker that is not right
// above a fence, or a marker that does not fit its block is an error.
func parseBlocks(md string) ([]block, error) {
	var blocks []block
	var cur *block
	var marker string // the marker of the line above, if any
	markerLine := 0
	for i, line := range strings.Split(md, "\n") {
		n := i + 1
		if cur != nil {
			if strings.TrimSpace(line) == "```" {
				blocks = append(blocks, *cur)
				cur = nil
				continue
			}
			cur.text += line + "\n"
			continue
		}
		if lang, ok := strings.CutPrefix(line, "```"); ok {
			b := block{line: n, lang: strings.TrimSpace(lang)}
			if marker != "" {
				if err := b.mark(marker); err != nil {
					return nil, fmt.Errorf("README.md:%d: %w", markerLine, err)
				}
			} else if checked[b.lang] {
				return nil, fmt.Errorf("README.md:%d: a ```%s block without a readme-test marker above it: say how to check it, or skip it with a reason", n, b.lang)
			}
			cur, marker = &b, ""
			continue
		}
		if marker != "" {
			return nil, fmt.Errorf("README.md:%d: a readme-test marker must be right above a fenced block", markerLine)
		}
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), markerPrefix); ok {
			m, ok = strings.CutSuffix(m, markerSuffix)
			if !ok {
				return nil, fmt.Errorf("README.md:%d: a readme-test marker ends with -->", n)
			}
			marker, markerLine = strings.TrimSpace(m), n
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("README.md:%d: the block is not closed", cur.line)
	}
	if marker != "" {
		return nil, fmt.Errorf("README.md:%d: a readme-test marker must be right above a fenced block", markerLine)
	}
	return blocks, nil
}

// mark sets the kind and argument of b from its marker's text.
func (b *block) mark(marker string) error {
	kind, arg, _ := strings.Cut(marker, " ")
	if k, a, ok := strings.Cut(kind, "="); ok {
		kind, arg = k, a
	}
	arg = strings.TrimSpace(arg)
	lang, ok := kinds[kind]
	switch {
	case !ok:
		return fmt.Errorf("unknown readme-test marker %q", marker)
	case lang != "" && lang != b.lang:
		return fmt.Errorf("readme-test: %s is for ```%s blocks, not ```%s", kind, lang, b.lang)
	case kind == "file" && arg == "":
		return fmt.Errorf("readme-test: file= needs the path of the file")
	case kind == "skip" && !(strings.HasPrefix(arg, "(") && strings.HasSuffix(arg, ")") && len(arg) > 2):
		return fmt.Errorf("readme-test: skip needs a reason in parentheses")
	case kind != "file" && kind != "skip" && arg != "":
		return fmt.Errorf("readme-test: %s takes no argument, got %q", kind, arg)
	}
	b.kind, b.arg = kind, arg
	return nil
}

func TestParseBlocks(t *testing.T) {
	t.Parallel()
	md := "# t\n\n<!-- readme-test: file=api/api.go -->\n```go\npackage api\n```\n\n" +
		"```yaml\na: 1\n```\n<!-- readme-test: skip (network) -->\n```sh\ngo install x@latest\n```\n" +
		"<!-- readme-test: curl -->\n```console\n$ curl localhost:3000\nhi\n```\n"
	blocks, err := parseBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	want := []block{
		{line: 4, lang: "go", kind: "file", arg: "api/api.go", text: "package api\n"},
		{line: 8, lang: "yaml", text: "a: 1\n"},
		{line: 12, lang: "sh", kind: "skip", arg: "(network)", text: "go install x@latest\n"},
		{line: 16, lang: "console", kind: "curl", text: "$ curl localhost:3000\nhi\n"},
	}
	if fmt.Sprint(blocks) != fmt.Sprint(want) {
		t.Errorf("blocks:\n got %v\nwant %v", blocks, want)
	}
}

func TestParseBlocksRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, md, want string }{
		{"unmarked go", "```go\npackage x\n```\n", "README.md:1: a ```go block without a readme-test marker"},
		{"unmarked sh", "text\n```sh\nls\n```\n", "README.md:2: a ```sh block without"},
		{"marker not above a fence", "<!-- readme-test: sh -->\n\n```sh\nls\n```\n", "README.md:1: a readme-test marker must be right above"},
		{"marker at the end", "<!-- readme-test: sh -->\n", "README.md:1: a readme-test marker must be right above"},
		{"unknown kind", "<!-- readme-test: run -->\n```sh\nls\n```\n", `unknown readme-test marker "run"`},
		{"wrong language", "<!-- readme-test: file=a.go -->\n```sh\nls\n```\n", "file is for ```go blocks, not ```sh"},
		{"file without path", "<!-- readme-test: file= -->\n```go\n```\n", "file= needs the path"},
		{"skip without reason", "<!-- readme-test: skip -->\n```go\n```\n", "skip needs a reason"},
		{"unclosed", "<!-- readme-test: sh -->\n```sh\nls\n", "README.md:2: the block is not closed"},
		{"unterminated marker", "<!-- readme-test: sh\n```sh\nls\n```\n", "README.md:1: a readme-test marker ends with -->"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseBlocks(tt.md)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseBlocks: %v, want an error holding %q", err, tt.want)
			}
		})
	}
}
