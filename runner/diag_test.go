package runner

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseDiagnostics(t *testing.T) {
	t.Parallel()
	dir := filepath.FromSlash("/work/mod")
	abs := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	tests := []struct {
		name   string
		output string
		want   []Diagnostic
	}{
		{"none", "# example.com/m\n", nil},
		{
			"relative with column",
			"# example.com/m/p\np/p.go:5:60: declared and not used: y\n./q.go:7:2: undefined: x\n",
			[]Diagnostic{
				{File: abs("p/p.go"), Line: 5, Col: 60, Message: "declared and not used: y"},
				{File: abs("q.go"), Line: 7, Col: 2, Message: "undefined: x"},
			},
		},
		{
			"absolute without column",
			"/elsewhere/x.go:12: some error\n",
			[]Diagnostic{{File: filepath.FromSlash("/elsewhere/x.go"), Line: 12, Message: "some error"}},
		},
		{
			"continuation lines",
			"p.go:3:9: cannot use f (variable of type func()) as http.Handler value:\n\tfunc() does not implement http.Handler\np.go:4:1: too many errors\n",
			[]Diagnostic{
				{File: abs("p.go"), Line: 3, Col: 9, Message: "cannot use f (variable of type func()) as http.Handler value:\nfunc() does not implement http.Handler"},
				{File: abs("p.go"), Line: 4, Col: 1, Message: "too many errors"},
			},
		},
		{
			"go.mod error and noise",
			"go: errors parsing go.mod:\ngo.mod:3: unknown directive: bogus\nstat /x: directory not found\n",
			[]Diagnostic{{File: abs("go.mod"), Line: 3, Message: "unknown directive: bogus"}},
		},
		{"CRLF", "a.go:1:2: bad\r\n", []Diagnostic{{File: abs("a.go"), Line: 1, Col: 2, Message: "bad"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseDiagnostics(tt.output, dir)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseDiagnostics(%q)\n got %#v\nwant %#v", tt.output, got, tt.want)
			}
		})
	}
}

func TestBuildOutput(t *testing.T) {
	t.Parallel()
	stdout := `{"ImportPath":"example.com/m/p","Action":"build-output","Output":"# example.com/m/p\n"}
{"ImportPath":"example.com/m/p","Action":"build-output","Output":"p/p.go:5:60: declared and not used: y\n"}
{"ImportPath":"example.com/m/p","Action":"build-fail"}
not json
`
	got := buildOutput([]byte(stdout), []byte("go: something else\n"))
	want := "# example.com/m/p\np/p.go:5:60: declared and not used: y\nnot json\ngo: something else\n"
	if got != want {
		t.Errorf("buildOutput = %q, want %q", got, want)
	}
}

func TestBuildErrorError(t *testing.T) {
	t.Parallel()
	d := Diagnostic{File: "/m/a.go", Line: 3, Col: 4, Message: "undefined: x\nmore"}
	tests := []struct {
		err  *BuildError
		want string
	}{
		{&BuildError{Output: "\n# pkg\nsomething broke\n"}, "build failed: # pkg"},
		{&BuildError{}, "build failed: go build failed without output"},
		{&BuildError{Diagnostics: []Diagnostic{d}}, "build failed: /m/a.go:3:4: undefined: x"},
		{&BuildError{Diagnostics: []Diagnostic{d, {File: "/m/b.go", Line: 1, Message: "m"}, d}}, "build failed: /m/a.go:3:4: undefined: x (and 2 more)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if strings.Contains(tt.err.Error(), "\n") {
			t.Errorf("Error() = %q spans several lines", tt.err.Error())
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "a.go", Line: 1, Col: 2, Message: "x"}, "a.go:1:2: x"},
		{Diagnostic{File: "go.mod", Line: 3, Message: "bad\nmore"}, "go.mod:3: bad"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
