// Package funcvar exports Handler as a core.Func variable.
package funcvar

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler answers with its shape as JSON.
var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return map[string]string{"shape": "core.Func"}, nil
})
