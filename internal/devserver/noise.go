package devserver

import "strings"

// serveNoise are the lines core.Serve logs as it starts and stops. The
// terminal hides them (the address is the internal one; every reload
// retires a child), and so do the pages that show a program's last lines.
var serveNoise = []string{
	"micro: Accepting connections on ",
	"micro: Gracefully shutting down. Please wait...",
}

// withoutNoise is tail without serveNoise.
func withoutNoise(tail []string) []string {
	var out []string
	for _, l := range tail {
		noise := false
		for _, n := range serveNoise {
			noise = noise || strings.HasPrefix(l, n)
		}
		if !noise {
			out = append(out, l)
		}
	}
	return out
}
