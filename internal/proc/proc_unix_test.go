//go:build unix

package proc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// helperEnv, when set, makes the test binary a helper: see TestMain.
const helperEnv = "PROC_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "parent" {
		// The main goroutine keeps the main thread, which the runtime
		// never retires, so Start's goroutines run on the threads at risk.
		runtime.LockOSThread()
		parent()
		return
	}
	os.Exit(m.Run())
}

// parent starts a group whose leader starts a grandchild, both sleeping,
// makes the runtime retire OS threads, prints both pids and blocks until
// it is killed. The tests SIGKILL it and check that the whole group died
// with it.
func parent() {
	p, err := Start(Command{
		Path:   "/bin/sh",
		Args:   []string{"-c", `sleep 1000 & echo "grandchild $!"; exec sleep 1000`},
		Stdout: os.Stdout,
		TTY:    os.Getenv(helperEnv+"_TTY") != "",
	})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	// A goroutine that exits while locked to its thread takes the thread
	// with it. Were the leader forked from one of those threads, Pdeathsig
	// would kill it now, while we live.
	for range 10 {
		var locked, exit sync.WaitGroup
		release := make(chan struct{})
		for range 32 {
			locked.Add(1)
			exit.Go(func() {
				runtime.LockOSThread()
				locked.Done()
				<-release
			})
		}
		locked.Wait()
		close(release)
		exit.Wait()
	}
	fmt.Printf("leader %d\n", p.Pid())
	select {}
}

// pidGone reports whether pid no longer runs: no such process, or a zombie
// (a reparented process is reaped by init, which may be slow or, in a
// container, never happen).
func pidGone(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return os.IsNotExist(err) && runtime.GOOS == "linux"
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// pollUntil polls cond until it holds, failing the test after a generous
// deadline (the machine may be loaded; nothing here asserts a duration).
func pollUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for delay := time.Millisecond; !cond(); delay = min(2*delay, 50*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(delay)
	}
}

// readPids reads "name pid" lines from r until every name in want is seen.
func readPids(t *testing.T, r io.Reader, want ...string) map[string]int {
	t.Helper()
	pids := map[string]int{}
	sc := bufio.NewScanner(r)
	for len(pids) < len(want) && sc.Scan() {
		// A line from a pseudo-terminal ends in CRLF.
		name, n, ok := strings.Cut(strings.TrimSuffix(sc.Text(), "\r"), " ")
		pid, err := strconv.Atoi(n)
		if !ok || err != nil {
			t.Fatalf("helper said %q", sc.Text())
		}
		pids[name] = pid
	}
	for _, name := range want {
		if pids[name] == 0 {
			t.Fatalf("helper did not say its %s's pid (%v)", name, sc.Err())
		}
	}
	return pids
}

// Nothing a process started outlives it, even when it is SIGKILLed: not
// the leader of the group (Pdeathsig on Linux, the guard elsewhere), and
// not what the leader started (the guard), as the compiler under go build.
// Under a pseudo-terminal (Command.TTY) the process leads a session
// instead of a group only, and the same holds.
func TestGroupDiesWithParentKilled(t *testing.T) {
	t.Parallel()
	for _, tty := range []bool{false, true} {
		t.Run(fmt.Sprintf("tty=%v", tty), func(t *testing.T) {
			t.Parallel()
			groupDiesWithParentKilled(t, tty)
		})
	}
}

func groupDiesWithParentKilled(t *testing.T, tty bool) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=parent")
	if tty {
		cmd.Env = append(cmd.Env, helperEnv+"_TTY=1")
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pids := readPids(t, out, "grandchild", "leader")
	t.Cleanup(func() {
		syscall.Kill(-pids["leader"], syscall.SIGKILL)
		cmd.Process.Kill()
		cmd.Wait()
	})
	for name, pid := range pids {
		if pidGone(pid) {
			t.Fatalf("the %s %d died while the parent lives", name, pid)
		}
	}
	// SIGKILL to the parent alone: the group is not the parent's, only
	// Pdeathsig and the guard can reach it.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for name, pid := range pids {
		pollUntil(t, "the "+name+" to die with the parent", func() bool { return pidGone(pid) })
	}
}

// sleeper starts a sleeping process leading its own group, killed at the
// end of the test.
func sleeper(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", "exec sleep 1000")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
	return cmd.Process.Pid
}

// The guard kills, at end of file, the groups registered and not
// unregistered since, and only those.
func TestGuardScript(t *testing.T) {
	t.Parallel()
	freed, kept, other := sleeper(t), sleeper(t), sleeper(t)
	guard := exec.Command("/bin/sh", "-c", guardScript)
	in, err := guard.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := guard.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(in, "+%d\n+%d\n+%d\n-%d\n-%d\n", freed, kept, other, freed, other)
	in.Close()
	if err := guard.Wait(); err != nil {
		t.Fatalf("guard: %v", err)
	}
	pollUntil(t, "the registered group to die", func() bool { return pidGone(kept) })
	if pidGone(freed) || pidGone(other) {
		t.Errorf("the guard killed an unregistered group (%d gone: %v, %d gone: %v)", freed, pidGone(freed), other, pidGone(other))
	}
}

// Run stops the whole group when its context ends, grandchildren included.
func TestRunCancelled(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		st  Status
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := Run(ctx, Command{
			Path:   "/bin/sh",
			Args:   []string{"-c", `sleep 1000 & echo "grandchild $!"; wait`},
			Stdout: w,
			Grace:  time.Minute,
		})
		done <- result{st, err}
	}()
	pid := readPids(t, r, "grandchild")["grandchild"]
	cancel()
	res := <-done
	w.Close() // not before: Start reads it
	if !errors.Is(res.err, context.Canceled) {
		t.Errorf("Run error = %v, want context.Canceled", res.err)
	}
	if got := res.st.Signal(); got != syscall.SIGTERM {
		t.Errorf("Run status = %v, want ended by SIGTERM", res.st)
	}
	pollUntil(t, "the grandchild to die", func() bool { return pidGone(pid) })
}

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		script  string
		code    int
		signal  syscall.Signal
		text    string
		success bool
	}{
		{"exit 0", 0, 0, "exit status 0", true},
		{"exit 3", 3, 0, "exit status 3", false},
		{"kill -TERM $$", -1, syscall.SIGTERM, "signal: terminated", false},
		{"kill -KILL $$", -1, syscall.SIGKILL, "signal: killed", false},
	}
	for _, tt := range tests {
		st, err := Run(context.Background(), Command{Path: "/bin/sh", Args: []string{"-c", tt.script}})
		if err != nil {
			t.Fatalf("%s: %v", tt.script, err)
		}
		if !st.Ended() || st.Code() != tt.code || st.Signal() != tt.signal || st.String() != tt.text || st.Success() != tt.success {
			t.Errorf("%s: Status = {ended %v, code %d, signal %v, %q, success %v}, want {true, %d, %v, %q, %v}",
				tt.script, st.Ended(), st.Code(), st.Signal(), st, st.Success(), tt.code, tt.signal, tt.text, tt.success)
		}
	}
	var running Status
	if running.Ended() || running.Code() != -1 || running.Signal() != 0 || running.String() != "running" {
		t.Errorf("zero Status = %v, code %d; want a running status", running, running.Code())
	}
}
