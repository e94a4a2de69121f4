// Package handler exports Handler as an http.Handler value: a ServeMux.
package handler

import (
	"io"
	"net/http"
)

// Handler answers with its shape on every path.
var Handler http.Handler = newMux()

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "shape: http.Handler")
	})
	return mux
}
