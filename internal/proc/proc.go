package proc

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

// DefaultGrace is the grace period of a zero [Command.Grace].
const DefaultGrace = 5 * time.Second

// drainDelay bounds how long the reaper waits, once the leader is reaped,
// for the end of its output: a grandchild that inherited the output pipes
// can keep them open forever. The pipes are then closed (exec.Cmd's
// WaitDelay), so Done is not held up.
const drainDelay = time.Second

// ErrKilled is wrapped by the error of a Stop that had to send SIGKILL
// because the group outlived the grace period.
var ErrKilled = errors.New("process group killed after the grace period")

// Command says how to start a process.
type Command struct {
	Path string
	Args []string // arguments after the program name
	Dir  string
	Env  []string // the complete environment (nil: os.Environ())

	// Stdin, Stdout and Stderr are as in exec.Cmd: an *os.File is given to
	// the process as is; another writer is fed by a goroutine, and when
	// Stdout and Stderr are the same writer they share one pipe.
	Stdin      io.Reader
	Stdout     io.Writer
	Stderr     io.Writer
	ExtraFiles []*os.File // file descriptors 3, 4, ... of the process

	// TTY runs the process under a new pseudo-terminal, its controlling
	// terminal: it sees a terminal on stdout and stderr (colours, line
	// buffering), and both reach Stdout as one stream, in the order they
	// were written, lines ending in CRLF; Stderr is not used. The
	// terminal is closed, and its copy ended, before Done is closed. On
	// Windows TTY is ignored: pipes as without it.
	TTY bool

	Grace time.Duration // SIGTERM to SIGKILL in Stop; 0 means DefaultGrace
}

// Process is a started process leading its own process group. Its methods
// are safe for concurrent use.
type Process struct {
	cmd   *exec.Cmd
	pid   int
	grace time.Duration
	done  chan struct{}

	status Status // written by the reaper before done is closed

	stopOnce sync.Once
	stopErr  error
	killOnce sync.Once
	killed   chan struct{} // closed by Kill: Stop stops waiting
	freeOnce sync.Once
	tty      *terminal // nil unless Command.TTY
}

// Start starts the process in a new process group it leads, registered
// with the guard (see the package documentation).
//
// Pdeathsig fires when the thread that forked the child exits, not the
// process, and the Go runtime retires threads locked by goroutines that
// exit. So the child is forked from a goroutine locked to its OS thread
// that stays locked, blocked in wait, for the life of the child; that
// goroutine is the reaper, and it is what closes Done.
func Start(c Command) (*Process, error) {
	p := &Process{grace: c.Grace, done: make(chan struct{}), killed: make(chan struct{})}
	if p.grace <= 0 {
		p.grace = DefaultGrace
	}
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.Stdin, c.Stdout, c.Stderr
	cmd.ExtraFiles = c.ExtraFiles
	cmd.SysProcAttr = procAttr()
	cmd.WaitDelay = drainDelay
	p.cmd = cmd
	if c.TTY {
		t, err := openTTY(cmd, c.Stdout)
		if err != nil {
			return nil, fmt.Errorf("start %s: open a pseudo-terminal: %w", c.Path, err)
		}
		p.tty = t
	}

	guardReady()
	started := make(chan error, 1)
	go p.reap(started)
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start %s: %w", c.Path, err)
	}
	return p, nil
}

// reap starts the process, reports on started, then waits for it on the
// same locked OS thread (see Start) and closes done.
func (p *Process) reap(started chan<- error) {
	if lockThread {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	if err := p.cmd.Start(); err != nil {
		if p.tty != nil {
			p.tty.failed()
		}
		started <- err
		return
	}
	p.pid = p.cmd.Process.Pid
	guardAdd(p.pid)
	if p.tty != nil {
		p.tty.started()
	}
	started <- nil

	err := p.cmd.Wait()
	if p.tty != nil {
		p.tty.drain(drainDelay)
	}
	p.status = statusOf(p.cmd.ProcessState, err)
	if !groupAlive(p) {
		p.free()
	}
	close(p.done)
}

// free unregisters the group from the guard, once it is empty or killed.
func (p *Process) free() { p.freeOnce.Do(func() { guardRemove(p.pid) }) }

// Pid returns the process id, which is also its process group id.
func (p *Process) Pid() int { return p.pid }

// Done returns a channel closed once the process has ended, has been
// reaped and its output has been copied.
func (p *Process) Done() <-chan struct{} { return p.done }

// Status returns how the process ended; its zero value while it runs.
func (p *Process) Status() Status {
	select {
	case <-p.done:
		return p.status
	default:
		return Status{}
	}
}
