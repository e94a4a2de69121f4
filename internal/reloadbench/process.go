//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

// lineLog keeps the output of a tool, line by line, for the benchmark to
// look for banners and build lines, and copies it to a file for a human.
type lineLog struct {
	mu      sync.Mutex
	partial []byte
	lines   []string
	copyTo  io.Writer
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.copyTo != nil {
		// A failing log file must not fail the tool's output pipe.
		_, _ = l.copyTo.Write(p)
	}
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(bytes.TrimRight(l.partial[:i], "\r")))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// count returns how many complete lines match re.
func (l *lineLog) count(re *regexp.Regexp) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if re.MatchString(s) {
			n++
		}
	}
	return n
}

// find returns the submatches of the first line matching re, or nil.
func (l *lineLog) find(re *regexp.Regexp) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		if m := re.FindStringSubmatch(s); m != nil {
			return m
		}
	}
	return nil
}

// findAll returns the submatches of every line matching re.
func (l *lineLog) findAll(re *regexp.Regexp) [][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out [][]string
	for _, s := range l.lines {
		if m := re.FindStringSubmatch(s); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// tail returns the last n lines.
func (l *lineLog) tail(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[max(0, len(l.lines)-n):]...)
}

// toolProc is a tool under test, started in its own process group and
// reaped by the goroutine started with it.
type toolProc struct {
	cmd     *exec.Cmd
	out     *lineLog
	logFile *os.File
	done    chan struct{} // closed once the process is reaped
	waitErr error
}

// startTool starts argv in dir with env, its output going to a lineLog and
// to the file logPath.
func startTool(dir string, env []string, logPath string, argv ...string) (*toolProc, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("start %s: create its log: %w", argv[0], err)
	}
	t := &toolProc{out: &lineLog{copyTo: f}, logFile: f, done: make(chan struct{})}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = t.out
	cmd.Stderr = t.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A child that outlives the tool (the point of the SIGKILL check) keeps
	// the output pipe open; Wait must not hang on it.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	t.cmd = cmd
	go func() {
		t.waitErr = cmd.Wait()
		f.Close()
		close(t.done)
	}()
	return t, nil
}

func (t *toolProc) pid() int { return t.cmd.Process.Pid }

// exited reports whether the tool has exited and been reaped.
func (t *toolProc) exited() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// stop ends the tool's whole process group: SIGTERM, grace, SIGKILL. It
// returns once the tool is reaped.
func (t *toolProc) stop(grace time.Duration) {
	if t.exited() {
		t.killGroup()
		return
	}
	_ = syscall.Kill(-t.pid(), syscall.SIGTERM)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-t.done:
	case <-timer.C:
	}
	t.killGroup()
	<-t.done
}

// killAlone sends SIGKILL to the tool's own pid, not its group, so that
// the tool gets no chance to clean up, and waits until it is reaped.
func (t *toolProc) killAlone() {
	_ = t.cmd.Process.Signal(syscall.SIGKILL)
	<-t.done
}

// killGroup sends SIGKILL to the tool's process group, which it was started
// as the leader of; members may outlive the leader.
func (t *toolProc) killGroup() {
	if err := syscall.Kill(-t.pid(), syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		fmt.Fprintf(os.Stderr, "reloadbench: kill process group %d: %v\n", t.pid(), err)
	}
}

// killLeftover kills a process that outlived the tool that started it,
// with its process group when it leads one, after checking that its pid
// still names the same process.
func killLeftover(p procStat) {
	if !alive(p) {
		return
	}
	target := p.PID
	if p.PGID == p.PID {
		target = -p.PID
	}
	_ = syscall.Kill(target, syscall.SIGKILL)
}

// poll calls cond every interval until it returns true, ctx ends or
// timeout passes, and reports whether cond returned true.
func poll(ctx context.Context, timeout, interval time.Duration, cond func() bool) bool {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-ctx.Done():
			return cond()
		case <-tick.C:
		}
	}
}
