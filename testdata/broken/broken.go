// Package broken does not compile: Handler returns an undefined name.
package broken

import "net/http"

// Handler returns a value that does not exist.
func Handler(w http.ResponseWriter, r *http.Request) (any, error) {
	return undefinedGreeting, nil
}
