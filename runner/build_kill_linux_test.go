package runner

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// withEnv returns the live processes whose environment holds an entry
// starting with kvPrefix (the compiler and linker inherit go's), by pid,
// with their command name.
func withEnv(kvPrefix string) map[int]string {
	ents, _ := os.ReadDir("/proc")
	pids := map[int]string{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil {
			continue
		}
		for kv := range bytes.SplitSeq(env, []byte{0}) {
			if bytes.HasPrefix(kv, []byte(kvPrefix)) && !pidGone(pid) {
				comm, _ := os.ReadFile("/proc/" + e.Name() + "/comm")
				pids[pid] = string(bytes.TrimSpace(comm))
				break
			}
		}
	}
	return pids
}

// slowModule writes a main package whose compile takes minutes: one
// function of thousands of branches, which the compiler's SSA passes are
// slow on.
func slowModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("package main\n\nvar a [64]int\n\nfunc f(i int) {\n")
	for k := range 30000 {
		fmt.Fprintf(&src, "\tif a[(i+%d)&63] > %d {\n\t\ta[%d&63] += a[(i*%d)&63] ^ %d\n\t}\n", k, k, k, k, k)
	}
	src.WriteString("}\n\nfunc main() { f(1) }\n")
	for name, content := range map[string]string{"go.mod": "module slow\n\ngo 1.26\n", "main.go": src.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The reproduction with the real toolchain: SIGKILL the process running
// go build while the compiler runs on a package that takes it minutes,
// and no process of that build lives on.
func TestBuildKilledMidCompileLeavesNoCompiler(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler")
	}
	t.Parallel()
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		buildHelperEnv+"="+filepath.Join(t.TempDir(), "out"),
		buildHelperDir+"="+slowModule(t),
		"GOTMPDIR="+tmp,
		// Its own folders too: it is killed, and cannot remove them.
		"TMPDIR="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	// go and everything under it run with GOTMPDIR=<tmp>/micro-gotmp-N.
	mark := "GOTMPDIR=" + filepath.Join(tmp, goTmpPrefix)
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		for pid := range withEnv(mark) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})

	pollUntil(t, "the compiler to run", func() bool {
		for _, comm := range withEnv(mark) {
			if comm == "compile" {
				return true
			}
		}
		return false
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	pollUntil(t, "every process of the build to die", func() bool { return len(withEnv(mark)) == 0 })
}
