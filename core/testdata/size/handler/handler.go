// Package handler is the hello handler of the binary size test as a
// handler package, for `micro build`.
package handler

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler answers {"hello":"world"}, as the plain net/http program does.
var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return map[string]string{"hello": "world"}, nil
})
