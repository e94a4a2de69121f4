// Package app is a fixture of the error page tests: the user's code that
// the frames of the runtime and crash pages point into.
package app

import (
	"errors"
	"fmt"
)

// ErrNotFound is the root of the fixture's error chain.
var ErrNotFound = errors.New("user not found")

// Store holds users by id.
type Store struct {
	users map[string]string
}

// Load looks a user up.
func (s *Store) Load(id string) (string, error) {
	name, ok := s.users[id]
	if !ok {
		return "", fmt.Errorf("load user %q: %w", id, ErrNotFound)
	}
	return name, nil
}
