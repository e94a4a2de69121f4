// Package hello is the smallest handler package: micro's "Welcome to Micro".
package hello

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler answers every request with a greeting.
var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return "Welcome to Micro", nil
})
