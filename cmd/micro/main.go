// Command micro serves a Go package's Handler over HTTP, or builds it into a
// static binary that does. See usage.go for the command line.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
