package browser

import (
	"errors"
	"os/exec"
)

// names are the commands Chromium is installed as: Debian's package, the
// older Ubuntu name, and Google's builds.
var names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNotFound is returned by Find when no Chromium is on PATH.
var ErrNotFound = errors.New("no chromium on PATH: install chromium (apt-get install chromium) to run the browser tests")

// Find returns the path of the first Chromium on PATH, or ErrNotFound.
func Find() (string, error) {
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", ErrNotFound
}
