// Package echo parses a JSON body and sends it back, as micro's JSON example.
package echo

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

// Handler returns the request's JSON body as the response.
func Handler(w http.ResponseWriter, r *http.Request) (any, error) {
	var v any
	if err := core.JSON(r, &v); err != nil {
		return nil, err
	}
	return v, nil
}
