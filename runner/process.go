package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"time"
)

// Defaults for the zero values of [Command].
const (
	DefaultGrace     = 5 * time.Second
	DefaultTailLines = 30
)

// drainDelay bounds how long the reaper waits, once the child is reaped, for
// the end of its output. A grandchild that inherited the output pipes can keep
// them open forever; like exec.Cmd.WaitDelay, the pipes are then closed so the
// copying goroutines end and Done is not held up.
const drainDelay = time.Second

// ErrExited is wrapped by errors of a child that exited when it should not
// have, e.g. before it accepted connections in [Process.WaitReady].
var ErrExited = errors.New("process exited")

// Command says how to start a child process.
type Command struct {
	Path string
	Args []string // arguments after the program name
	Dir  string
	Env  []string // the complete environment (nil: os.Environ())

	// Stdout and Stderr receive the child's output as it comes (nil:
	// discarded, still kept in the tail). Unless they are the same writer,
	// they are written from two goroutines.
	Stdout io.Writer
	Stderr io.Writer

	Grace     time.Duration // SIGTERM -> SIGKILL grace; 0 means DefaultGrace
	TailLines int           // how many last output lines to keep; 0 means DefaultTailLines
}

// Process is a started child in its own process group, reaped by a goroutine
// Start owns. Its methods are safe for concurrent use.
type Process struct {
	cmd   *exec.Cmd
	pid   int
	grace time.Duration
	tail  *lineRing
	done  chan struct{}

	// Written by the reaper before done is closed, read only after.
	state   *os.ProcessState
	waitErr error

	stopOnce sync.Once
	stopErr  error
	killOnce sync.Once
	killed   chan struct{} // closed by Kill: Stop stops waiting
}

// Start starts the child in its own process group. On Linux the child also
// gets SIGKILL when we die (Pdeathsig), even when we are SIGKILLed.
//
// Pdeathsig fires when the thread that forked the child exits, not the
// process, and the Go runtime retires threads locked by goroutines that
// exit. So the child is forked from a goroutine locked to its OS thread that
// stays locked, blocked in wait, for the life of the child; that goroutine is
// the reaper, and it is also what makes Done close.
func Start(c Command) (*Process, error) {
	p := &Process{
		grace:  c.Grace,
		tail:   newLineRing(c.TailLines),
		done:   make(chan struct{}),
		killed: make(chan struct{}),
	}
	if p.grace <= 0 {
		p.grace = DefaultGrace
	}
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	cmd.SysProcAttr = procAttr()
	p.cmd = cmd

	outs, err := p.pipes(cmd, c.Stdout, c.Stderr)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", c.Path, err)
	}
	started := make(chan error, 1)
	go p.reap(started, outs)
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start %s: %w", c.Path, err)
	}
	p.pid = cmd.Process.Pid
	return p, nil
}

// output is one pipe from the child: its read end, what the child's bytes
// are copied to, and the write end we hold until the child has it.
type output struct {
	r, w *os.File
	to   io.Writer
	line *lineWriter
}

// pipes gives the child one pipe per distinct writer: a single pipe when
// both streams go to the same place, so the tail keeps their exact order.
func (p *Process) pipes(cmd *exec.Cmd, stdout, stderr io.Writer) ([]*output, error) {
	n := 2
	if sameWriter(stdout, stderr) {
		n = 1
	}
	outs := make([]*output, 0, n)
	for i := range n {
		r, w, err := os.Pipe()
		if err != nil {
			for _, o := range outs {
				o.r.Close()
				o.w.Close()
			}
			return nil, fmt.Errorf("create output pipe: %w", err)
		}
		to := stdout
		if i == 1 {
			to = stderr
		}
		outs = append(outs, &output{r: r, w: w, to: to, line: p.tail.writer()})
	}
	cmd.Stdout = outs[0].w
	cmd.Stderr = outs[n-1].w
	return outs, nil
}

// sameWriter reports whether a and b are the same writer; writers of
// uncomparable types are never the same.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// reap starts the child, reports the result on started, then waits for the
// child on the same locked OS thread (see Start), drains its output and
// closes done.
func (p *Process) reap(started chan<- error, outs []*output) {
	if lockThread {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	err := p.cmd.Start()
	// The child has its copies of the write ends; ours must go for the
	// readers to see EOF when the child (and its children) exit.
	for _, o := range outs {
		o.w.Close()
	}
	if err != nil {
		for _, o := range outs {
			o.r.Close()
		}
		started <- err
		return
	}
	var copiers sync.WaitGroup
	for _, o := range outs {
		copiers.Go(func() { o.copy() })
	}
	started <- nil

	p.waitErr = p.cmd.Wait()
	p.state = p.cmd.ProcessState

	drained := make(chan struct{})
	go func() {
		copiers.Wait()
		close(drained)
	}()
	timer := time.NewTimer(drainDelay)
	select {
	case <-drained:
		timer.Stop()
	case <-timer.C:
		// Closing the read ends makes the blocked Reads return, so the
		// copiers, and the goroutine waiting for them, end.
		for _, o := range outs {
			o.r.Close()
		}
		<-drained
	}
	for _, o := range outs {
		o.r.Close()
	}
	close(p.done)
}

// copy copies the child's bytes to the configured writer and the tail until
// EOF or until the read end is closed. A failing writer is dropped; the
// tail keeps being fed so the child never blocks on a full pipe.
func (o *output) copy() {
	buf := make([]byte, 32*1024)
	to := o.to
	for {
		n, err := o.r.Read(buf)
		if n > 0 {
			o.line.Write(buf[:n])
			if to != nil {
				if _, werr := to.Write(buf[:n]); werr != nil {
					to = nil
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// Pid returns the child's process id, which is also its process group id.
func (p *Process) Pid() int { return p.pid }

// Done returns a channel closed once the child has exited, has been reaped
// and its output has been read.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether Done is closed.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// ExitStatus describes how the child ended: "exit status 2",
// "signal: killed"; "" while it runs.
func (p *Process) ExitStatus() string {
	if !p.Exited() {
		return ""
	}
	if p.state == nil {
		if p.waitErr != nil {
			return p.waitErr.Error()
		}
		return "unknown exit status"
	}
	return p.state.String()
}

// ExitCode returns the child's exit code; -1 while it runs or when a signal
// ended it.
func (p *Process) ExitCode() int {
	if !p.Exited() || p.state == nil {
		return -1
	}
	return p.state.ExitCode()
}

// Tail returns the last lines of the child's stdout and stderr combined, an
// unfinished last line included.
func (p *Process) Tail() []string { return p.tail.lines() }
