package app

import (
	"fmt"
	"net/http"
)

// Handler serves /users/{id}.
func Handler(w http.ResponseWriter, r *http.Request) (any, error) {
	s := &Store{}
	name, err := s.Load(r.PathValue("id"))
	if err != nil {
		return nil, fmt.Errorf("handler: %w", err)
	}
	return map[string]string{"name": name}, nil
}

// Greet panics on an empty name, on purpose.
func Greet(w http.ResponseWriter, r *http.Request) (any, error) {
	var names []string // nil: indexing it panics
	return "Hello, " + names[3] + "!", nil
}
