// Package plain exports Handler as a plain func(w, r) declaration.
package plain

import (
	"io"
	"net/http"
)

// Handler answers with its shape.
func Handler(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "shape: func(w, r)")
}
