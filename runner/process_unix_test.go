//go:build unix

package runner

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// pidGone reports whether pid no longer runs: no such process, or a zombie
// (a reparented grandchild is reaped by init, which may be slow or, in a
// container, never happen).
func pidGone(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return os.IsNotExist(err)
	}
	// pid (comm) state ...; comm may hold spaces and parentheses.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// pidFrom returns the number after prefix in the child's tail.
func pidFrom(t *testing.T, p *Process, prefix string) int {
	t.Helper()
	line := waitLine(t, p, prefix+" ")
	pid, err := strconv.Atoi(strings.TrimPrefix(line, prefix+" "))
	if err != nil {
		t.Fatalf("bad pid line %q: %v", line, err)
	}
	return pid
}

func TestStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mode   string
		ready  string
		grace  time.Duration
		status string
		killed bool   // Stop had to send SIGKILL
		tail   string // a line the child printed while stopping
	}{
		{"exits on SIGTERM", "graceful", "ready", 0, "exit status 0", false, "bye"},
		{"killed by SIGTERM", "sleep", "sleeping", 0, "signal: terminated", false, ""},
		// Short grace: the child ignores SIGTERM and must get SIGKILL.
		{"ignores SIGTERM", "ignore-term", "ignoring", 100 * time.Millisecond, "signal: killed", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := startChild(t, Command{Grace: tt.grace}, tt.mode)
			waitLine(t, p, tt.ready)
			if err := p.Stop(); errors.Is(err, ErrKilled) != tt.killed || (err != nil && !tt.killed) {
				t.Fatalf("Stop: %v, want ErrKilled %v", err, tt.killed)
			}
			if !p.Exited() {
				t.Fatal("Exited() = false after Stop returned")
			}
			if got := p.Status().String(); got != tt.status {
				t.Errorf("Status() = %q, want %q", got, tt.status)
			}
			if tt.tail != "" {
				waitLine(t, p, tt.tail)
			}
			// Reaped: a zombie would still answer kill(pid, 0).
			if err := syscall.Kill(p.pid(), 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("kill(%d, 0) after Stop = %v, want ESRCH (child not reaped?)", p.pid(), err)
			}
			if err := p.Stop(); errors.Is(err, ErrKilled) != tt.killed {
				t.Errorf("second Stop: %v, want the first Stop's error", err)
			}
		})
	}
}

// A grandchild in the group that ignores SIGTERM is SIGKILLed once the
// grace period is over, although the child itself exited at once and was
// reaped before that.
func TestStopGrandchild(t *testing.T) {
	t.Parallel()
	p := startChild(t, Command{Grace: 300 * time.Millisecond}, "grandchild")
	gpid := pidFrom(t, p, "grandchild")
	t.Cleanup(func() { syscall.Kill(gpid, syscall.SIGKILL) })
	waitLine(t, p, "ignoring") // the grandchild is ready
	if err := p.Stop(); !errors.Is(err, ErrKilled) {
		t.Fatalf("Stop: %v, want ErrKilled (the grandchild ignores SIGTERM)", err)
	}
	if got, want := p.Status().String(), "signal: terminated"; got != want {
		t.Errorf("child Status() = %q, want %q", got, want)
	}
	pollUntil(t, "the grandchild to die", func() bool { return pidGone(gpid) })
}

func TestStopAfterExit(t *testing.T) {
	t.Parallel()
	p := startChild(t, Command{}, "exit", "2", "0")
	waitExit(t, p)
	for range 2 {
		if err := p.Stop(); err != nil {
			t.Errorf("Stop after exit: %v", err)
		}
	}
	if got, want := p.Status().String(), "exit status 2"; got != want {
		t.Errorf("Status() = %q, want %q", got, want)
	}
	if err := p.Signal(syscall.SIGTERM); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Signal after exit = %v, want os.ErrProcessDone", err)
	}
}

// Stop and Kill from many goroutines at once: all return once the child is
// reaped, none fails; Kill cuts a long grace period short.
func TestStopConcurrent(t *testing.T) {
	t.Parallel()
	p := startChild(t, Command{Grace: time.Hour}, "ignore-term")
	waitLine(t, p, "ignoring")
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			if i == 9 {
				errs <- p.Kill()
				return
			}
			errs <- p.Stop()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Stop/Kill: %v", err)
		}
	}
	if !p.Exited() {
		t.Error("Exited() = false after Stop returned")
	}
	if got, want := p.Status().String(), "signal: killed"; got != want {
		t.Errorf("Status() = %q, want %q", got, want)
	}
}

func TestSignal(t *testing.T) {
	t.Parallel()
	p := startChild(t, Command{}, "graceful")
	waitLine(t, p, "ready")
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("Signal: %v", err)
	}
	waitExit(t, p)
	if got, want := p.Status().String(), "exit status 0"; got != want {
		t.Errorf("Status() = %q, want %q", got, want)
	}
}

func TestRunningThenKilled(t *testing.T) {
	t.Parallel()
	p := startChild(t, Command{}, "sleep")
	waitLine(t, p, "sleeping")
	if st := p.Status(); p.Exited() || st.Ended() || st.Code() != -1 || st.Signal() != 0 {
		t.Errorf("running child: Exited() = %v, Status() = %v (code %d, signal %v); want a running status",
			p.Exited(), st, st.Code(), st.Signal())
	}
	if err := p.Kill(); err != nil {
		t.Fatalf("Kill: %v", err)
	}
	if !p.Exited() {
		t.Error("Exited() = false after Kill returned")
	}
	if got := p.Status().Code(); got != -1 {
		t.Errorf("Status().Code() after Kill = %d, want -1", got)
	}
	if got := p.Status().Signal(); got != syscall.SIGKILL {
		t.Errorf("Status().Signal() after Kill = %v, want SIGKILL", got)
	}
}

// waitLine polls the tail until a line starts with prefix and returns it.
func waitLine(t *testing.T, p *Process, prefix string) string {
	t.Helper()
	var line string
	pollUntil(t, "a line "+prefix+"… in the tail", func() bool {
		for _, l := range p.Tail() {
			if strings.HasPrefix(l, prefix) {
				line = l
				return true
			}
		}
		return false
	})
	return line
}
