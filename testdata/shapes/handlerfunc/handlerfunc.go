// Package handlerfunc exports Handler as an http.HandlerFunc variable.
package handlerfunc

import (
	"io"
	"net/http"
)

// Handler answers with its shape.
var Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "shape: http.HandlerFunc")
})
