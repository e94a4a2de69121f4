//go:build unix

package main

import (
	"bytes"
	"fmt"
	"net/rpc/jsonrpc"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDebugWithoutDlvSaysHowToInstallIt(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := newApp(t, map[string]string{"main.go": mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"x"`)})
	cmd := exec.Command(microDev, "--debug")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(goBin))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	want := "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), want) || strings.Count(strings.TrimSpace(stderr.String()), "\n") > 0 {
		t.Fatalf("%v: %q, want exit 1 and one line with %q", err, stderr.String(), want)
	}
}

// A real Delve, built from the version tools/go.mod pins, runs the
// program; a client attaches before and after a reload, on the same port.
func TestDebugUnderDelve(t *testing.T) {
	// Not parallel: PATH must reach micro-dev with dlv first on it.
	bin := t.TempDir()
	build := exec.Command("go", "build", "-modfile="+filepath.Join(repoRoot(t), "tools", "go.mod"), "-o", filepath.Join(bin, "dlv"), "github.com/go-delve/delve/cmd/dlv")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building Delve: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	port := freePort(t)
	dir := newApp(t, map[string]string{"main.go": mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"d1"`)})
	d := startDev(t, dir, "-s", "--debug", "--debug-port", fmt.Sprint(port))
	waitBody(t, d.url, "d1")
	state(t, port)
	start := time.Now()
	write(t, dir, "main.go", mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"d2"`))
	waitBody(t, d.url, "d2")
	t.Logf("save to served under Delve: %s", time.Since(start).Round(time.Millisecond))
	state(t, port)
	if n := d.count("API server listening at: 127.0.0.1:" + fmt.Sprint(port)); n != 2 {
		t.Fatalf("Delve listened %d times on the debug port, want 2:\n%s", n, d.output())
	}
	// A program that exits gives the crash page with its status, although
	// Delve itself stays up for its clients.
	write(t, dir, "main.go", "package main\n\nimport \"os\"\n\nfunc main() { println(\"leaving\"); os.Exit(3) }\n")
	d.waitCount(t, "exit status 3 (under Delve)", 1)
	if r := get(t, d.url, ""); r.status != 500 || !strings.Contains(r.body, "exit status 3") || !strings.Contains(r.body, "leaving") {
		t.Fatalf("crash page under Delve: %d\n%s", r.status, r.body)
	}
}

// state calls RPCServer.State over Delve's JSON-RPC API, as an editor
// attaching would.
func state(t *testing.T, port int) {
	t.Helper()
	c, err := jsonrpc.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("attaching to Delve: %v", err)
	}
	defer c.Close()
	var out struct {
		State struct{ Running, Exited bool }
	}
	if err := c.Call("RPCServer.State", map[string]any{"NonBlocking": true}, &out); err != nil {
		t.Fatalf("RPCServer.State: %v", err)
	}
	if !out.State.Running || out.State.Exited {
		t.Fatalf("RPCServer.State: %+v, want the program running", out.State)
	}
}
