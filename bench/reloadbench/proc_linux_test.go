package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// statLine builds a /proc/<pid>/stat line with the given fields set and
// plausible values elsewhere.
func statLine(pid int, comm string, state byte, ppid, pgid int, utime, stime, start uint64) string {
	return fmt.Sprintf("%d (%s) %c %d %d 0 0 -1 4194560 100 0 0 0 %d %d 0 0 20 0 1 0 %d 1000 200\n",
		pid, comm, state, ppid, pgid, utime, stime, start)
}

func TestParseStat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		line string
		want procStat
	}{
		{"plain", statLine(42, "micro-dev", 'S', 1, 42, 7, 3, 123456),
			procStat{PID: 42, PPID: 1, PGID: 42, Comm: "micro-dev", State: 'S', UTime: 7, STime: 3, StartTime: 123456}},
		{"comm with spaces and parens", statLine(7, "a) (b c)", 'R', 6, 5, 0, 1, 9),
			procStat{PID: 7, PPID: 6, PGID: 5, Comm: "a) (b c)", State: 'R', STime: 1, StartTime: 9}},
		{"zombie", statLine(8, "main", 'Z', 1, 8, 0, 0, 10),
			procStat{PID: 8, PPID: 1, PGID: 8, Comm: "main", State: 'Z', StartTime: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStat(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("parseStat = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseStatErrors(t *testing.T) {
	t.Parallel()
	for _, line := range []string{"", "42 micro-dev S 1", "x (a) S 1 2 3", "42 (a) S 1 2 3", strings.Replace(statLine(42, "a", 'S', 1, 42, 0, 0, 0), "S 1", "S x", 1)} {
		if st, err := parseStat(line); err == nil {
			t.Errorf("parseStat(%q) = %+v, want an error", line, st)
		}
	}
}

func TestParseVmRSS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  string
		want    int64
		wantErr bool
	}{
		{"real shape", "Name:\tmicro-dev\nVmPeak:\t  900000 kB\nVmRSS:\t   12345 kB\nThreads:\t7\n", 12345, false},
		{"zombie has none", "Name:\tmain\nState:\tZ (zombie)\n", 0, true},
		{"other unit", "VmRSS:\t 1 MB\n", 0, true},
		{"not a number", "VmRSS:\t x kB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseVmRSS(tt.status)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseVmRSS = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestSelf(t *testing.T) {
	t.Parallel()
	st, err := readStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if st.PID != os.Getpid() || st.PPID != os.Getppid() || st.PGID != syscall.Getpgrp() {
		t.Errorf("readStat(self) = %+v, want pid %d ppid %d pgid %d", st, os.Getpid(), os.Getppid(), syscall.Getpgrp())
	}
	if !alive(st) {
		t.Error("alive(self) = false")
	}
	st.StartTime++
	if alive(st) {
		t.Error("alive(self with another start time) = true: a recycled pid would count as the same process")
	}
	if rss, err := rssKB(os.Getpid()); err != nil || rss <= 0 {
		t.Errorf("rssKB(self) = %d, %v; want > 0", rss, err)
	}
}

func TestProcessesFakeRoot(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		"1/stat":    statLine(1, "init", 'S', 0, 1, 0, 0, 1),
		"10/stat":   statLine(10, "micro-dev", 'S', 1, 10, 0, 0, 2),
		"11/stat":   statLine(11, "app", 'S', 10, 11, 0, 0, 3),
		"12/stat":   statLine(12, "old", 'Z', 10, 12, 0, 0, 3),
		"13/stat":   statLine(13, "grandchild", 'S', 11, 11, 0, 0, 4),
		"14/stat":   "garbage",
		"self/stat": statLine(1, "init", 'S', 0, 1, 0, 0, 1),
		"sys/x":     "",
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "15"), 0o755); err != nil { // exited while listing
		t.Fatal(err)
	}
	all, err := processes(root)
	if err != nil {
		t.Fatal(err)
	}
	pids := func(ps []procStat) []int {
		var out []int
		for _, p := range ps {
			out = append(out, p.PID)
		}
		slices.Sort(out)
		return out
	}
	if got := pids(all); !slices.Equal(got, []int{1, 10, 11, 12, 13}) {
		t.Errorf("processes = %v, want [1 10 11 12 13]", got)
	}
	if got := pids(childrenOf(all, 10)); !slices.Equal(got, []int{11}) {
		t.Errorf("childrenOf(10) = %v, want [11] (the zombie 12 is dead)", got)
	}
	if got := pids(descendantsOf(all, 10)); !slices.Equal(got, []int{11, 13}) {
		t.Errorf("descendantsOf(10) = %v, want [11 13]", got)
	}
	if _, err := processes(filepath.Join(root, "nope")); err == nil {
		t.Error("processes of a missing root: no error")
	}
}

func TestChildLifecycle(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("sleep", "60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sleep: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	})
	all, err := processes("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var child *procStat
	for _, p := range childrenOf(all, os.Getpid()) {
		if p.PID == cmd.Process.Pid {
			child = &p
		}
	}
	if child == nil {
		t.Fatalf("childrenOf(self) misses the sleep child %d", cmd.Process.Pid)
	}
	if child.PGID != child.PID || !alive(*child) {
		t.Errorf("child %+v: want a live group leader", *child)
	}
	killLeftover(*child)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("killLeftover did not kill the child")
	}
	if alive(*child) {
		t.Error("alive = true for a reaped child")
	}
}
