// Package nohandler compiles but exports no Handler: its handler is
// unexported.
package nohandler

import "net/http"

func handler(w http.ResponseWriter, r *http.Request) (any, error) {
	return "never served", nil
}

// Use keeps handler used.
var Use = handler
