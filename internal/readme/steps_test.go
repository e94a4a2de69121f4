//go:build unix

package readme

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// modulePath is the module whose checkout the README's module uses.
const modulePath = "github.com/seed-1b2dc2de/micro"

// run is the state of the README's walk-through.
type run struct {
	t      *testing.T
	root   string   // this checkout
	dir    string   // the README's module
	env    []string // of every step
	server *server  // started by the last serve block, until the next non-curl block
	image  *image   // what the Dockerfile built
	ran    map[string]int
}

func newRun(t *testing.T, root string) *run {
	bin := t.TempDir()
	buildCommands(t, root, bin)
	return &run{t: t, root: root, dir: t.TempDir(), env: environ(t, bin), ran: map[string]int{}}
}

// file writes a Go block to its file in the module.
func (r *run) file(b block) {
	path := filepath.Join(r.dir, filepath.FromSlash(b.arg))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.text), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.ran["file"]++
}

// sh runs each line of a shell block with bash in the module. Exported
// MICRO_ENV=development shows that nothing the README runs depends on it.
// Right after `go mod init` the module gets a replace of micro by this
// checkout: the one step the README's reader does not take.
func (r *run) sh(b block) {
	for i, line := range strings.Split(strings.TrimSpace(b.text), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cmd := exec.Command("bash", "-c", line)
		cmd.Dir, cmd.Env = r.dir, slices.Concat(r.env, []string{"MICRO_ENV=development"})
		if out, err := cmd.CombinedOutput(); err != nil {
			r.t.Fatalf("README.md:%d: %s: %v\n%s", b.line+1+i, line, err, out)
		}
		if strings.HasPrefix(line, "go mod init ") {
			r.goCmd("mod", "edit", "-replace="+modulePath+"="+r.root)
		}
	}
	r.ran["sh"]++
}

// goCmd runs the go command in the module.
func (r *run) goCmd(args ...string) {
	r.t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

var (
	accepting = regexp.MustCompile(`^micro: Accepting connections on (http://\S+)$`)
	devLocal  = regexp.MustCompile(`^\s*Local:\s+(http://\S+)$`)
)

// serve starts the command of a serve block and waits until it serves. It
// listens where the test says: micro-dev on a free port (-p), anything
// else (micro, a built binary) on a loopback port 0 (-l).
func (r *run) serve(b block) {
	line := strings.TrimSpace(b.text)
	if strings.Contains(line, "\n") {
		r.t.Fatalf("README.md:%d: a serve block holds one command", b.line)
	}
	if strings.HasPrefix(line, "micro-dev ") || line == "micro-dev" {
		r.server = startServer(r.t, r.dir, r.env, line+" -p "+freePort(r.t))
		r.server.url = r.server.waitLine(r.t, devLocal)
	} else {
		r.server = startServer(r.t, r.dir, r.env, line+" -l tcp://127.0.0.1:0")
		r.server.url = r.server.waitLine(r.t, accepting)
	}
	r.ran["serve"]++
}

// stopServer stops the server of the last serve block, if any.
func (r *run) stopServer() {
	if r.server != nil {
		r.server.stop(r.t)
		r.server = nil
	}
}

// curl checks each `$ curl URL` line of a console block against the running
// server: the body must be the lines the README shows under it. The URLs
// name localhost:3000, the README's default; the request goes where the
// server really listens.
func (r *run) curl(b block) {
	if r.server == nil {
		r.t.Fatalf("README.md:%d: curl with no server started by a serve block above it", b.line)
	}
	lines := strings.Split(strings.TrimSuffix(b.text, "\n"), "\n")
	for i := 0; i < len(lines); {
		cmdLine, ok := strings.CutPrefix(lines[i], "$ curl ")
		if !ok {
			r.t.Fatalf("README.md:%d: %q: a curl block is $ curl lines, each followed by its output", b.line+1+i, lines[i])
		}
		j := i + 1
		for j < len(lines) && !strings.HasPrefix(lines[j], "$ ") {
			j++
		}
		want := strings.Join(lines[i+1:j], "\n")
		got := r.get(b.line+1+i, strings.Trim(cmdLine, `'"`))
		if strings.TrimSuffix(got, "\n") != want {
			r.t.Errorf("README.md:%d: curl %s printed\n%s\nwant (as the README shows)\n%s", b.line+1+i, cmdLine, got, want)
		}
		i = j
	}
	r.ran["curl"]++
}

// get fetches a README URL from the running server and returns the body.
func (r *run) get(line int, raw string) string {
	if strings.HasPrefix(raw, "-") || strings.ContainsAny(raw, " \t") {
		r.t.Fatalf("README.md:%d: curl %s: the test runs curl with a URL only", line, raw)
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host != "localhost:3000" {
		r.t.Fatalf("README.md:%d: curl %s: the README's URLs are on localhost:3000 (%v)", line, raw, err)
	}
	real, err := url.Parse(r.server.url)
	if err != nil {
		r.t.Fatal(err)
	}
	u.Host = real.Host
	_, body := r.fetch(line, u.String())
	return body
}

// status fetches path from the running server.
func (r *run) status(path string) (int, string) {
	return r.fetch(0, r.server.url+path)
}

// fetch GETs u and returns the status and body.
func (r *run) fetch(line int, u string) (int, string) {
	client := &http.Client{Timeout: waitLimit}
	resp, err := client.Get(u)
	if err != nil {
		r.t.Fatalf("README.md:%d: GET %s: %v; output of %s:\n%s", line, u, err, r.server.line, r.server.out)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
