// Package panics is a handler package whose Handler panics while the
// program initialises.
package panics

import "net/http"

// Handler is never made: building it panics.
var Handler = mustHandler()

func mustHandler() http.HandlerFunc {
	panic("panics: Handler cannot be built")
}
