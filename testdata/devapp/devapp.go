// Package devapp is the fixture of the reload benchmark
// (bench/reloadbench): a handler package for micro-dev and, in main/, a
// plain net/http program serving the same answer for tools such as air.
package devapp

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler answers every request with the current Version, so a client can
// tell which build served it.
var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return Version, nil
})
