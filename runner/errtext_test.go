package runner_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/seed-1b2dc2de/micro/runner"
)

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"diagnostics relative to dir", &runner.BuildError{Diagnostics: []runner.Diagnostic{
			{File: "/src/app/a.go", Line: 3, Col: 7, Message: "undefined: x"},
			{File: "/elsewhere/b.go", Line: 9, Message: "cannot use y\n\thave int\n\twant string"},
		}}, "a.go:3:7: undefined: x\n/elsewhere/b.go:9: cannot use y\n\t\thave int\n\t\twant string\n"},
		{"output without diagnostics", &runner.BuildError{Output: "\ngo: go.mod requires go >= 1.99\n\n"},
			"go: go.mod requires go >= 1.99\n"},
		{"wrapped", fmt.Errorf("build: %w", &runner.BuildError{Diagnostics: []runner.Diagnostic{{File: "/src/app/x/c.go", Line: 1, Col: 1, Message: "m"}}}),
			"x/c.go:1:1: m\n"},
		{"not a build error", errors.New("go: not found"), "go: not found\n"},
		{"sibling directory is not inside", &runner.BuildError{Diagnostics: []runner.Diagnostic{{File: "/src/apple/a.go", Line: 1, Col: 2, Message: "m"}}},
			"/src/apple/a.go:1:2: m\n"},
	}
	for _, tt := range tests {
		if got := runner.ErrorText(tt.err, "/src/app"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
