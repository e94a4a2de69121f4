//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sync"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
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

// toolProc is a tool under test, started in its own process group (which
// ends with the benchmark, see internal/proc) and reaped by the goroutine
// started with it.
type toolProc struct {
	p   *proc.Process
	out *lineLog
}

// startTool starts argv in dir with env, its output going to a lineLog and
// to the file logPath; stop gives it grace after SIGTERM.
func startTool(dir string, env []string, logPath string, grace time.Duration, argv ...string) (*toolProc, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("start %s: create its log: %w", argv[0], err)
	}
	t := &toolProc{out: &lineLog{copyTo: f}}
	// A child that outlives the tool (the point of the SIGKILL check) keeps
	// the output pipe open; the helper stops waiting for it soon after the
	// tool is reaped.
	t.p, err = proc.Start(proc.Command{
		Path: argv[0], Args: argv[1:], Dir: dir, Env: env,
		Stdout: t.out, Stderr: t.out, Grace: grace,
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	go func() {
		<-t.p.Done()
		f.Close()
	}()
	return t, nil
}

func (t *toolProc) pid() int { return t.p.Pid() }

// done is closed once the tool has exited and been reaped.
func (t *toolProc) done() <-chan struct{} { return t.p.Done() }

// exited reports whether the tool has exited and been reaped.
func (t *toolProc) exited() bool { return t.p.Status().Ended() }

// stop ends the tool's whole process group: SIGTERM, grace, SIGKILL. It
// returns once the tool is reaped.
func (t *toolProc) stop() {
	if err := t.p.Stop(); err != nil && !errors.Is(err, proc.ErrKilled) {
		fmt.Fprintf(os.Stderr, "reloadbench: stop %s: %v\n", t.p.Status(), err)
	}
}

// killAlone sends SIGKILL to the tool's own pid, not its group, so that
// the tool gets no chance to clean up, and waits until it is reaped.
func (t *toolProc) killAlone() {
	_ = syscall.Kill(t.pid(), syscall.SIGKILL)
	<-t.p.Done()
}

// killGroup sends SIGKILL to the tool's process group, which it leads;
// members may outlive the leader.
func (t *toolProc) killGroup() {
	if err := t.p.Kill(); err != nil {
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
