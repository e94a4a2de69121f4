//go:build unix

package readme

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// checkout checks the README's first block, the commands of this
// repository: `go run ./cmd/micro-dev <fixture>` must serve the fixture (run
// in the checkout, on a free port), and `bash test.sh` must need nothing
// but Go: its tools come from tools/go.mod, it installs none. (test.sh runs
// this very test, so it is not run here.)
func (r *run) checkout(b block) {
	for i, line := range strings.Split(strings.TrimSpace(b.text), "\n") {
		n := b.line + 1 + i
		cmdline, _, _ := strings.Cut(line, "#")
		cmdline = strings.TrimSpace(cmdline)
		switch {
		case strings.HasPrefix(cmdline, "go run ./cmd/micro-dev "):
			// GOFLAGS as a fresh clone has it: -mod=mod must not touch the checkout.
			env := slices.Concat(r.env, []string{"GOFLAGS="})
			r.server = startServer(r.t, r.root, env, cmdline+" -p "+freePort(r.t))
			r.server.anyEnd = true
			r.server.url = r.server.waitLine(r.t, devLocal)
			if code, body := r.status("/"); code != 200 {
				r.t.Errorf("README.md:%d: %s: GET / = %d %s", n, cmdline, code, body)
			}
			r.stopServer()
		case cmdline == "bash test.sh":
			script, err := os.ReadFile(filepath.Join(r.root, "test.sh"))
			if err != nil {
				r.t.Fatalf("README.md:%d: %v", n, err)
			}
			if s := string(script); strings.Contains(s, "go install") || !strings.Contains(s, "go build -modfile=tools/go.mod") {
				r.t.Errorf("README.md:%d: test.sh must take its tools from tools/go.mod and install none, as the README says", n)
			}
		default:
			r.t.Fatalf("README.md:%d: %s: the test does not know this command of the checkout; teach it", n, cmdline)
		}
	}
	r.ran["checkout"]++
}
