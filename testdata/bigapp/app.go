// Package bigapp serves the big package as a micro handler.
package bigapp

import (
	"net/http"

	"example.com/bigapp/big"
	"github.com/seed-1b2dc2de/micro/core"
)

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return big.Render(r.URL.Path, "hello")
})
