package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// Defaults for the zero values of [Command].
const (
	DefaultGrace     = proc.DefaultGrace
	DefaultTailLines = 30
)

// ErrExited is wrapped by errors of a child that exited when it should not
// have, e.g. before it accepted connections in [Process.WaitReady].
var ErrExited = errors.New("process exited")

// ErrKilled is wrapped by the error of a [Process.Stop] that had to send
// SIGKILL because the child's group outlived the grace period.
var ErrKilled = proc.ErrKilled

// Status is how a child ended: its exit code, or the signal that ended it.
// The zero value is a child that is still running.
type Status = proc.Status

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
	// TTY runs the child under a pseudo-terminal of its own (not on
	// Windows): it sees a terminal, so it keeps its colours, and its
	// stdout and stderr reach Stdout as one stream, in the order it wrote
	// them (lines end in CRLF, as on a terminal); Stderr is not used.
	// Give it when our own output is a terminal.
	TTY bool

	Grace     time.Duration // SIGTERM -> SIGKILL grace; 0 means DefaultGrace
	TailLines int           // how many last output lines to keep; 0 means DefaultTailLines
}

// Process is a started child in its own process group, reaped by a
// goroutine Start owns, that keeps the last lines of its output. Its
// methods are safe for concurrent use.
type Process struct {
	p    *proc.Process
	tail *lineRing
}

// Start starts the child in its own process group, which ends when we do,
// even when we are SIGKILLed (see internal/proc).
func Start(c Command) (*Process, error) {
	tail := newLineRing(c.TailLines)
	stdout := &teeWriter{to: c.Stdout, line: tail.writer()}
	stderr := stdout
	if !c.TTY && !sameWriter(c.Stdout, c.Stderr) {
		// Two streams: each keeps its own unfinished line.
		stderr = &teeWriter{to: c.Stderr, line: tail.writer()}
	}
	p, err := proc.Start(proc.Command{
		Path: c.Path, Args: c.Args, Dir: c.Dir, Env: c.Env,
		Stdout: stdout, Stderr: stderr, Grace: c.Grace, TTY: c.TTY,
	})
	if err != nil {
		return nil, err
	}
	return &Process{p: p, tail: tail}, nil
}

// teeWriter copies the child's bytes to the configured writer and the
// tail. A failing writer is dropped; the tail keeps being fed so the child
// never blocks on a full pipe.
type teeWriter struct {
	to   io.Writer
	line *lineWriter
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.line.Write(b)
	if w.to != nil {
		if _, err := w.to.Write(b); err != nil {
			w.to = nil
		}
	}
	return len(b), nil
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

// pid returns the child's process id, which is also its process group id.
func (p *Process) pid() int { return p.p.Pid() }

// Pid returns the child's process id, which is also its process group id.
func (p *Process) Pid() int { return p.p.Pid() }

// Done returns a channel closed once the child has exited, has been reaped
// and its output has been read.
func (p *Process) Done() <-chan struct{} { return p.p.Done() }

// Exited reports whether Done is closed.
func (p *Process) Exited() bool { return p.p.Status().Ended() }

// Status returns how the child ended; the zero Status while it runs.
func (p *Process) Status() Status { return p.p.Status() }

// Tail returns the last lines of the child's stdout and stderr combined, an
// unfinished last line included.
func (p *Process) Tail() []string { return p.tail.lines() }

// Signal sends sig to the child's whole process group (on Windows: os.Kill
// or os.Interrupt to the child). It returns os.ErrProcessDone when no
// process is left in the group.
func (p *Process) Signal(sig os.Signal) error { return p.p.Signal(sig) }

func (p *Process) exitedErr(address string) error {
	if !p.Exited() {
		return nil
	}
	return fmt.Errorf("%w before accepting connections on %s: %s", ErrExited, address, p.Status())
}
