// Package funcdecl exports Handler as a func(w, r) (any, error) declaration.
//
// POST /slow announces on stdout that it started, then reads the whole
// request body before answering: a test holds the request in flight for as
// long as it keeps the body open, without any sleep.
package funcdecl

import (
	"fmt"
	"net/http"
	"os"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler answers with its shape, or serves /slow.
func Handler(w http.ResponseWriter, r *http.Request) (any, error) {
	if r.URL.Path != "/slow" {
		return "shape: func(w, r) (any, error)", nil
	}
	fmt.Fprintln(os.Stdout, "funcdecl: slow request started")
	body, err := core.Buffer(r, core.Limit("10mb"))
	if err != nil {
		return nil, err
	}
	return fmt.Sprintf("slow request read %d bytes", len(body)), nil
}
